// The SSDA903 import's progress page: ask how far the check or import has got, once a
// second, and go to the result when it is done. The page says the same without JavaScript.
const box = document.querySelector("[data-import-progress]");
if (box) {
  const bar = box.querySelector("progress");
  const note = box.querySelector("[data-progress-note]");
  const poll = async () => {
    let state;
    try {
      const response = await fetch(box.dataset.url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      state = await response.json();
    } catch {
      setTimeout(poll, 3000);
      return;
    }
    bar.value = state.percent;
    bar.textContent = `${state.percent}%`;
    note.textContent = `${state.note} (${state.percent}%)`;
    if (state.done) {
      window.location.assign(state.next);
    } else {
      setTimeout(poll, 1000);
    }
  };
  setTimeout(poll, 500);
}
