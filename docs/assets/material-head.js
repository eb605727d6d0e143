// Adapted from Material for MkDocs 9.8.1, Copyright (c) 2016-2025 Martin Donath, MIT License.
// Material for MkDocs' start-up code (its partials/javascripts/base.html), which Material writes
// inline into every page's <head>; here as a file, so the pages' Content-Security-Policy can refuse
// inline scripts. The same globals, defined the same way: Material's bundle keeps a reader's
// choices (an open tab, a palette) with __md_get/__md_set in localStorage, scoped to the site.
// Nothing here, or in Material, sets a cookie.
(function () {
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (text) {
    return [...text].reduce(function (hash, c) {
      return (hash << 5) - hash + c.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage = localStorage, base = window.__md_scope) {
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage = localStorage, base = window.__md_scope) {
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      // storage full or refused: the choice is simply not remembered
    }
  };
})();
