// Adapted from Material for MkDocs 9.8.1, Copyright (c) 2016-2025 Martin Donath, MIT License.
// Material for MkDocs' script after a page's content (its partials/javascripts/content.html), here
// as a file for the Content-Security-Policy (see material-head.js). It runs before Material's
// bundle: an address naming a tab (#__tabbed_1_2) opens that tab, and with the content.tabs.link
// feature the tab a reader last chose is opened in every tab set that has it.
(function () {
  if (document.currentScript.hasAttribute("data-md-tabs-link")) {
    var tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs) {
          for (var label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
          }
        }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
