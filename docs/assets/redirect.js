// An old permalink of a renamed or merged record: go on to its new page, keeping any #anchor.
// The page that loads this script names the new page in the script element's data-to attribute.
(function () {
  var to = document.currentScript && document.currentScript.getAttribute("data-to");
  if (to) location.replace(new URL(to, location.href).href.split("#")[0] + location.hash);
})();
