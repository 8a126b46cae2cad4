// API token page: the new secret is selected when focused and copied with one click.
// A static file, not inline handlers: the Content-Security-Policy allows no inline script.
document.addEventListener("focusin", (event) => {
  if (event.target.matches("input[data-select-on-focus]")) event.target.select();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = button.dataset.copied;
  });
});
