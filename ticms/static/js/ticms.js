// Page behaviour without inline scripts (the Content-Security-Policy forbids them).
(function () {
  if (window.htmx) { htmx.config.includeIndicatorStyles = false; }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
    reachScrollingTables();
    window.addEventListener("resize", reachScrollingTables);
  });

  // A table wider than the screen scrolls inside its box: the box must then be reachable and
  // scrollable by keyboard, and named after its table (WCAG 2.1.1).
  function reachScrollingTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          var caption = box.querySelector("caption");
          var name = caption ? caption.textContent.trim() : "";
          if (name) { box.setAttribute("aria-label", name); }
        }
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
})();
