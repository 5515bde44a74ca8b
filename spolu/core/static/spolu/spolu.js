// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Forms with data-confirm ask before submitting (no inline scripts: CSP forbids them).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // Elements with data-autosubmit submit their form when changed.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) { el.form.requestSubmit(); }
  });
  // Client pickers: a result button puts its value into the picker's hidden input.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-pick-value]") : null;
    if (!button) { return; }
    var box = button.closest("[data-target]");
    var targetId = box.getAttribute("data-target");
    var input = document.getElementById(targetId);
    if (!input) { return; }
    input.value = button.getAttribute("data-pick-value");
    var label = document.getElementById(targetId + "-label");
    if (label) { label.textContent = button.getAttribute("data-pick-label"); }
    box.querySelectorAll("[data-pick-value]").forEach(function (b) { b.classList.remove("active"); b.removeAttribute("aria-current"); });
    button.classList.add("active");
    button.setAttribute("aria-current", "true");
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  // htmx requests carry the CSRF token from the page's meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.getAttribute("content"); }
  });
})();
