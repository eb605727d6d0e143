// A table wider than the page scrolls sideways inside the box Material's script wraps it in
// (.md-typeset__scrollwrap). A reader without a mouse can scroll such a box only if it can take
// focus (WCAG 2.1.1; axe "scrollable-region-focusable"), so each box that scrolls becomes a named
// tab stop, and stops being one when it no longer scrolls (a wider window). So is a code block.
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
  // A code block that scrolls sideways is a tab stop too. Material makes it one only on screens
  // with a pointer that hovers (matchMedia "(hover)"), so on a phone it is done here.
  function markCode() {
    for (var code of document.querySelectorAll(".md-typeset pre > code")) {
      if (code.scrollWidth > code.clientWidth + 1) {
        if (!code.hasAttribute("tabindex")) code.setAttribute("data-ea-scrolls", "");
        if (code.hasAttribute("data-ea-scrolls")) code.setAttribute("tabindex", "0");
      } else if (code.hasAttribute("data-ea-scrolls")) {
        code.removeAttribute("tabindex");
        code.removeAttribute("data-ea-scrolls");
      }
    }
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  window.addEventListener("load", markCode);
  window.addEventListener("resize", markCode);
})();
