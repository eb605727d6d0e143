// A table wider than the page scrolls sideways inside the box Material's script wraps it in
// (.md-typeset__scrollwrap). A reader without a mouse can scroll such a box only if it can take
// focus (WCAG 2.1.1; axe "scrollable-region-focusable"), so each box that scrolls becomes a named
// tab stop, and stops being one when it no longer scrolls (a wider window).
(function () {
  function mark() {
    for (var box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
