// Report run page: poll our own permission-checked JSON view of the run and show its progress,
// then the download link or the failure, without reloading the page.
const box = document.querySelector("[data-report-run]");

function show(state) {
  box.querySelector("[data-report-run-label]").textContent = state.status_label;
  box.querySelector("[data-report-run-stage]").textContent =
    state.stage && !state.finished ? `: ${state.stage}` : "";
  const bar = box.querySelector("[data-report-run-progress]");
  bar.value = state.progress;
  bar.textContent = `${state.progress}%`;
  if (state.download_url) {
    const download = box.querySelector("[data-report-run-download]");
    download.querySelector("a").href = state.download_url;
    if (state.pages) box.querySelector("[data-report-run-pages]").textContent = `${state.pages} pages`;
    download.hidden = false;
  }
  if (state.error) {
    const failure = box.querySelector("[data-report-run-failure]");
    box.querySelector("[data-report-run-error]").textContent = state.error;
    failure.hidden = false;
    failure.focus();
  }
}

async function poll() {
  try {
    const response = await fetch(box.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const state = await response.json();
    show(state);
    if (state.finished) return;
  } catch {
    // The network blipped: try again on the next tick.
  }
  window.setTimeout(poll, 1000);
}

if (box && box.dataset.finished !== "true") window.setTimeout(poll, 500);
