// Warn before the idle session ends and let the user stay signed in (WCAG 2.2.1).
const dialog = document.getElementById("timeout-warning");
if (dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Number(dialog.dataset.warnSeconds) * 1000;
  const csrf = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let warnTimer, endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => dialog.showModal(), Math.max(idle - warn, 0));
    endTimer = setTimeout(() => {
      const form = dialog.querySelector("[data-timeout-signout]");
      form.elements.next.value += "?timeout=1";
      form.submit();
    }, idle);
  };
  dialog.querySelector("[data-timeout-extend]").addEventListener("click", async () => {
    const response = await fetch(dialog.dataset.extendUrl, {
      method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin",
    });
    if (response.ok) { dialog.close(); schedule(); }
  });
  schedule();
}
