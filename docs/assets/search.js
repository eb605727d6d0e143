// The archive's search, in Material for MkDocs' search dialog (docs/templates/partials/search.html):
// Material's markup, classes and keys, over Pagefind's chunked index (pagefind/, written by
// build_tools/site/search.py), so a reader's browser fetches only the parts of the index a query needs
// instead of the whole of it. Nothing is fetched until the reader opens the search.
//
// Keys, as in Material: "/", "s" or "f" opens the search; Enter opens the best result; the arrow
// keys move through the results; Escape (or Tab) closes it. An address with ?q=words opens the
// search with those words; with Material's search.highlight feature, the words a result was found
// by are marked on the page it opens (?h=words).
//
// Record text reaches the page only as text (text nodes and textContent), never as markup: the
// excerpts are built from the page's plain text with the matched words in <mark> elements.
(function () {
  var root = document.querySelector(".md-search[data-ea-search]");
  var toggle = document.getElementById("__search"); // Material's switch: checked while the search is open
  var config = readConfig();
  if (config.features.indexOf("search.highlight") !== -1) highlight();
  if (!root || !toggle) return;

  var input = root.querySelector("[data-ea-search=query]");
  var form = input.form;
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var labels = root.dataset; // Material's words for the result count, in the page's language
  var bundle = new URL(root.getAttribute("data-pagefind"), location.href);
  var base = new URL("../", bundle).pathname; // the site's root: results' addresses start there
  var PAGE = 10; // results shown at once; more as the reader scrolls to the end
  var korean = document.documentElement.lang === "ko";
  var HANGUL = /\p{Script=Hangul}/u;
  var ID_WEIGHT = 10; // for a word in a page's "id", against 5 for one in its title (Pagefind's default)

  var pagefind = null; // the loading Pagefind module (a promise)
  var asked = 0; // the number of the latest query, so a slower, older one is never shown
  var answered = 0;
  var results = []; // the latest query's results not shown yet
  var terms = ""; // the latest query
  var openWhenShown = false; // Enter was pressed before the results came

  function readConfig() {
    try {
      var c = JSON.parse(document.getElementById("__config").textContent);
      return { features: c.features || [] };
    } catch (e) {
      return { features: [] };
    }
  }

  function say(key, count) {
    meta.textContent = (labels[key] || "").replace("#", count);
  }

  // A page whose name (its "id", docs/templates/main.html: a record's ID) is the word searched
  // for comes before the pages that mention it. In Korean, every record about a camp names it in
  // its title (전거리 교화소의 연간 사망률), so a long page is not ranked down for its length: the
  // camp's own page, long, comes before its short figures.
  function ranking(lang) {
    var r = { metaWeights: { id: ID_WEIGHT, name: ID_WEIGHT } };
    if (lang === "ko") r.pageLength = 0;
    return r;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle.href).then(function (pf) {
        return pf.options({ baseUrl: base, ranking: ranking(own) }).then(function () {
          pf.init();
          return pf;
        });
      });
      pagefind.catch(function () {
        pagefind = null; // try again on the next key (a preview still being indexed)
      });
    }
    return pagefind;
  }

  // --- the other language's pages ---
  // Pagefind keeps an index per language and searches the page's own. A query written in the
  // other language's script (Hangul typed on an English page; Latin letters on a Korean page,
  // which finds the English pages of the records a Korean page names only by ID, such as "wig")
  // searches both: the results of the two, ranked together, each of the other language's marked
  // with that language's name, as the language switcher writes it.
  var own = korean ? "ko" : "en";
  var other = korean ? "en" : "ko";
  // The page's own language counts for less in such a search: the query is written in the other
  // (Pagefind's scores of the two indexes are of a kind, both its BM25). Of a record found in both
  // by its name or ID, the page in the reader's language still comes first (see asTyped).
  var OWN_WEIGHT = 0.5;
  var both = null; // the loading search over both languages' indexes (a promise)

  function crossing(query) {
    return korean ? /[a-z]/i.test(query) : HANGUL.test(query);
  }

  function loadBoth() {
    if (!both) {
      var folder = new URL("./", bundle);
      both = Promise.all([load(), fetch(new URL("pagefind-entry.json", folder)).then(function (r) {
        return r.json();
      })]).then(function (loaded) {
        var pf = loaded[0];
        if (!loaded[1].languages || !loaded[1].languages[other]) return pf; // a site in one language
        // A second search of the same bundle, its page's language first, the other merged in.
        // Pagefind (1.5) declines to merge an address its first index's address starts with, so
        // the merged one is named "pagefind/./": the same files, which the browser has cached.
        var two = pf.createInstance({ basePath: folder.pathname });
        return two
          .options({ baseUrl: base, ranking: ranking(own), indexWeight: OWN_WEIGHT })
          .then(function () {
            return two.mergeIndex(folder.pathname + "./", {
              language: other,
              baseUrl: base,
              ranking: ranking(other),
            });
          })
          .then(function () {
            return two;
          });
      });
      both.catch(function () {
        both = null;
      });
    }
    return both;
  }

  function languageName(code) {
    var link = document.querySelector('a.ea-lang[hreflang="' + code + '"]');
    return link ? link.textContent.trim() : code;
  }

  function languageOf(url) {
    return /^\/ko(\/|$)/.test(url.slice(base.length - 1)) ? "ko" : "en";
  }

  // --- opening and closing, through Material's switch (its styles and scroll lock follow it) ---

  function setOpen(open) {
    if (toggle.checked !== open) toggle.click();
  }

  toggle.addEventListener("change", function () {
    list.hidden = !toggle.checked;
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
    if (toggle.checked) {
      input.focus();
    } else {
      input.blur();
      var address = new URL(location.href);
      if (address.searchParams.has("q")) {
        address.searchParams.delete("q");
        history.replaceState(history.state, "", address.href);
      }
    }
  });
  input.addEventListener("focus", function () {
    setOpen(true);
    load();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault(); // never submitted (form-action 'none'): Enter is handled below
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      input.focus();
      search();
    });
  });
  input.addEventListener("input", search);
  root.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) setOpen(false);
  });
  scrollwrap.addEventListener("scroll", function () {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 16) more();
  });

  // --- keys ---

  function typing(el) {
    if (!el) return false;
    if (el instanceof HTMLInputElement) return el.type !== "radio";
    return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || el.isContentEditable;
  }

  window.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.isComposing || ev.keyCode === 229) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !typing(active)) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    switch (ev.key) {
      case "Enter":
        if (active === input) {
          ev.preventDefault();
          if (answered === asked && asked > 0) openBest();
          else openWhenShown = true;
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var stops = [input].concat(
          Array.from(list.querySelectorAll(":not(details) > [href], summary, details[open] [href]"))
        );
        var at = Math.max(0, stops.indexOf(active));
        stops[(at + stops.length + (ev.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
        ev.preventDefault();
        break;
      default:
        if (active !== input && !(active && active.tagName === "SUMMARY" && ev.key === " ")) input.focus();
    }
  });

  function openBest() {
    openWhenShown = false;
    var best = list.querySelector(".md-search-result__item > a[href]");
    if (best) best.click();
  }

  // --- searching and showing results ---

  // A query runs once no key has come for DELAY ms, so that the words half typed do not each
  // fetch their part of the index.
  var DELAY = 250;
  var timer = 0;
  var queue = Promise.resolve(); // one query at a time through Pagefind, in the order typed
  // Words on nearly every page: each would fetch a large part of the index (at 10,000 records,
  // "the" alone is 180 kB) and tells no page from another, so in a query with other words they
  // are left out ("Ministry of Social Security" searches "Ministry Social Security").
  var COMMON = new Set(
    ("a an and are as at be by for from in into is it its no not of on or that the this to was were with " +
      "which who").split(" ")
  );

  function essential(typed) {
    var words = typed.split(/\s+/).filter(function (w) {
      return !COMMON.has(w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
    });
    // a last word of one letter is still being typed: it would fetch every word that starts so
    if (words.length > 1 && /^[a-z]$/i.test(words[words.length - 1])) words.pop();
    return words.length ? words.join(" ") : typed;
  }

  function search() {
    var query = essential(input.value.trim());
    var mine = ++asked;
    openWhenShown = false; // an Enter pressed before these words is not for them
    clearTimeout(timer);
    if (!query || /^[a-z]$/i.test(query)) {
      answered = shownFor = mine;
      results = [];
      list.textContent = "";
      say("placeholder");
      return;
    }
    timer = setTimeout(function () {
      run(query, mine);
    }, DELAY);
  }

  function run(query, mine) {
    var job = queue.then(function () {
      if (mine !== asked) return null; // a newer query is waiting behind this one
      return (crossing(query) ? loadBoth() : load()).then(function (pf) {
        return pf.search(query);
      });
    });
    queue = job.catch(function () {});
    job
      .then(function (found) {
        if (!found || mine !== asked) return; // a newer query replaced this one
        terms = query;
        shownFor = mine;
        showing = null;
        results = found.results.slice();
        list.textContent = "";
        scrollwrap.scrollTop = 0;
        if (results.length === 0) say("none");
        else if (results.length === 1) say("one");
        else say("other", results.length);
        return more().then(function () {
          answered = mine;
          if (openWhenShown && mine === asked) openBest();
        });
      })
      .catch(function (e) {
        if (mine !== asked) return;
        answered = mine;
        openWhenShown = false;
        meta.textContent = "Search is not available: " + (e && e.message ? e.message : e);
      });
  }

  var shownFor = 0; // the query whose results the list shows
  var showing = null; // a batch being fetched, so scrolling does not fetch it twice

  function more() {
    if (showing) return showing;
    var batch = results.splice(0, PAGE);
    if (!batch.length) return Promise.resolve();
    var mine = shownFor;
    var fetching = Promise.all(
      batch.map(function (r) {
        return r.data();
      })
    )
      .then(function (pages) {
        if (mine !== shownFor) return;
        var shown = batch.map(function (result, n) {
          return { page: pages[n], score: result.score };
        });
        if (!list.firstChild) {
          // The record whose ID or whole title is what was typed first, before the records whose
          // IDs begin with it, which Pagefind ranks alike (kaechon before kaechon-city and
          // kaechon-womens-workshop), and before shorter pages that name it in longer titles
          // (on Korean pages: 전거리 교화소 before 전거리 교화소 가발 제작반, its work team)
          var named = terms.toLowerCase().replace(/[^a-z0-9]/g, "");
          var typed = terms.toLowerCase().replace(/\s+/g, "");
          // (and, of a record's two pages, the one in the reader's language first)
          // Then the records whose IDs begin with the word as typed so far, the shortest ID first:
          // "Chong" finds the camp chongori before chongori-wig-team, named after it.
          var asTyped = function (page) {
            var title = ((page.meta && page.meta.title) || "").toLowerCase().replace(/\s+/g, "");
            var id = (page.meta && page.meta.id) || "";
            // a record's Korean names (render.search_terms), each as typed without its spaces
            var names = ((page.meta && page.meta.name) || "").split(/;\s*/).map(function (n) {
              return n.replace(/\s+/g, "");
            });
            var korean = HANGUL.test(typed) && typed.length > 1;
            var hit = id === named || (korean && (title === typed || names.indexOf(typed) !== -1));
            if (hit) return languageOf(page.url) === own ? 1002 : 1001;
            return named.length > 2 && id.indexOf(named) === 0 ? 1000 - id.length : 0;
          };
          shown.sort(function (a, b) {
            return asTyped(b.page) - asTyped(a.page);
          });
        }
        shown.forEach(function (r) {
          list.appendChild(item(r.page, r.score));
        });
      })
      .finally(function () {
        if (showing === fetching) showing = null;
      });
    showing = fetching;
    return fetching;
  }

  function el(tag, className, attributes) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    for (var name in attributes || {}) e.setAttribute(name, attributes[name]);
    return e;
  }

  // The words around the matches, as Pagefind picks them (its densest run of matched words), from
  // the page's plain text (Pagefind's content), with the matched words in <mark>. Built from text
  // nodes: no record text is ever read as markup. (Pagefind's ready-made excerpt would do, but it
  // escapes only < and >, so a record's "&lt;" would show as "<".)
  var LENGTH = 24; // words in an excerpt

  function excerpt(text, locations, from, to) {
    var words = text.split(/[\r\n\s]+/);
    to = Math.min(to === undefined ? words.length : to, words.length);
    var marked = new Set(locations);
    var end = from; // where the window with the most matched words ends
    for (var at = from, count = 0, most = 0; at < to; at++) {
      count += (marked.has(at) ? 1 : 0) - (at - LENGTH >= from && marked.has(at - LENGTH) ? 1 : 0);
      if (count > most) {
        most = count;
        end = at;
      }
    }
    var start = Math.max(from, end - LENGTH + 1);
    while (start < end && !marked.has(start)) start++; // its first matched word, with a little before
    start = Math.max(from, Math.min(start - 4, to - LENGTH));
    if (start >= to) return null; // nothing but the title
    var p = el("p");
    var plain = start > from ? "… " : "";
    for (var i = start; i < Math.min(start + LENGTH, to); i++) {
      if (/^[,;:]$/.test(words[i])) continue; // what separated the links, whose words are not indexed
      if (i > start) plain += " ";
      if (marked.has(i)) {
        if (plain) p.appendChild(document.createTextNode(plain));
        p.appendChild(el("mark")).textContent = words[i];
        plain = "";
      } else plain += words[i];
    }
    if (start + LENGTH < to) plain += " …";
    if (plain) p.appendChild(document.createTextNode(plain));
    return p;
  }

  function address(url) {
    // Pagefind's addresses are paths from the site's root (baseUrl); anything else is not ours
    if (typeof url !== "string" || url.charAt(0) !== "/") return null;
    var u = new URL(url, location.origin);
    if (config.features.indexOf("search.highlight") !== -1) u.searchParams.set("h", terms);
    return u.pathname + u.search + u.hash;
  }

  function link(url, title, text, page, score) {
    var a = el("a", "md-search-result__link", { href: address(url) || base, tabindex: "-1" });
    var article = a.appendChild(el("article", "md-search-result__article md-typeset"));
    if (score !== undefined) article.setAttribute("data-md-score", score.toFixed(2));
    if (page) article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(el(page ? "h1" : "h2")).textContent = title;
    if (text) article.appendChild(text);
    return a;
  }

  function count(text) {
    return text.split(/[\r\n\s]+/).filter(Boolean).length;
  }

  function weight(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) {
      return sum + (w.balanced_score || 0);
    }, 0);
  }

  // One result as Material shows it: the page with its opening words (after its title, before
  // its first section), then the section that matched best, then the other matching sections
  // folded under "N more on this page".
  function item(page, score) {
    var li = el("li", "md-search-result__item");
    var content = page.content || "";
    var title = (page.meta && page.meta.title) || page.url;
    var anchors = (page.anchors || []).filter(function (a) {
      return /^h\d$/i.test(a.element) && a.text && /\S/.test(a.text);
    });
    var headings = anchors
      .filter(function (a) {
        return !/^h1$/i.test(a.element);
      })
      .map(function (a) {
        return a.location;
      })
      .sort(function (a, b) {
        return a - b;
      });
    var h1 = anchors.filter(function (a) {
      return /^h1$/i.test(a.element) && a.location === 0;
    })[0];
    var opening = h1 ? count(h1.text) : 0;
    li.appendChild(link(page.url, title, excerpt(content, page.locations || [], opening, headings[0]), true, score));
    var lang = languageOf(page.url);
    if (lang !== own) {
      // a page in the other language: its name, in that language, after the title
      li.setAttribute("lang", lang);
      var heading = li.querySelector("h1");
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(el("span", "ea-search-lang")).textContent = languageName(lang);
    }
    var sections = (page.sub_results || []).filter(function (s) {
      return s.anchor && !/^h1$/i.test(s.anchor.element) && s.title;
    });
    if (!sections.length) return li;
    function show(s) {
      var from = s.anchor.location + count(s.anchor.text); // its words after its heading
      var next = headings.filter(function (l) {
        return l > from;
      })[0];
      return link(s.url, s.title, excerpt(content, s.locations || [], from, next));
    }
    var best = sections.reduce(function (a, b) {
      return weight(b) > weight(a) ? b : a;
    });
    li.appendChild(show(best));
    var rest = sections.filter(function (s) {
      return s !== best;
    });
    if (rest.length) {
      var details = li.appendChild(el("details", "md-search-result__more"));
      var summary = details.appendChild(el("summary", null, { tabindex: "-1" }));
      summary.appendChild(el("div")).textContent = (rest.length === 1 ? labels.moreOne : labels.moreOther).replace(
        "#",
        rest.length
      );
      rest.forEach(function (s) {
        details.appendChild(show(s));
      });
    }
    return li;
  }

  // --- on load ---

  say("placeholder");
  list.hidden = !toggle.checked;
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    input.focus();
    search();
  }

  // Material's search.highlight: the words a result was found by (?h=words) are marked on the
  // page it opens, in Material's <mark data-md-highlight> (styled by Material).
  function highlight() {
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var parts = h
      .split(/\s+/)
      .filter(function (w) {
        return w.length > 1;
      })
      .map(function (w) {
        return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
    if (!parts.length) return;
    var pattern = new RegExp("(" + parts.join("|") + ")", "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      var parent = n.parentElement;
      if (parent && parent.offsetHeight && !parent.closest("svg, script, style, mark")) nodes.push(n);
    }
    nodes.forEach(function (node) {
      var pieces = node.textContent.split(pattern);
      if (pieces.length < 2) return;
      var frag = document.createDocumentFragment();
      pieces.forEach(function (piece, i) {
        if (!piece) return;
        if (i % 2) {
          var mark = frag.appendChild(el("mark", null, { "data-md-highlight": "" }));
          mark.textContent = piece;
        } else frag.appendChild(document.createTextNode(piece));
      });
      node.replaceWith(frag);
    });
  }
})();
