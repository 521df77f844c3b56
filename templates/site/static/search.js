// Offline search over window.KIS_SEARCH_INDEX (static/search-index.js).
// The index holds Dutch Snowball stems; a query word is stemmed the same
// way (stemmer-nl.js), so "schakeljaren" and "schakeljaar" find the same
// pages. Results are built with DOM methods, never innerHTML.
(function () {
  "use strict";
  var index = window.KIS_SEARCH_INDEX;
  var input = document.getElementById("_zoekterm");
  var status = document.getElementById("_zoekstatus");
  var list = document.getElementById("_zoekresultaten");
  var headerInput = document.getElementById("_zoekterm-kop");
  if (!index || !input || !status || !list) { return; }
  var root = "../";
  var FOLD = { "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o", "ú": "u", "ù": "u", "û": "u", "ü": "u",
    "ç": "c", "ñ": "n" };
  var words = Object.keys(index.words);

  // The same folding as search.rs: lower case, accents off, letters and digits.
  function tokens(text) {
    var out = [];
    var word = "";
    var lower = text.toLowerCase();
    for (var i = 0; i < lower.length; i++) {
      var c = lower.charAt(i);
      if (/[\p{L}\p{N}]/u.test(c)) {
        word += FOLD[c] || c;
      } else if (word) {
        out.push(word);
        word = "";
      }
    }
    if (word) { out.push(word); }
    return out;
  }

  // The stems a query word stands for, each with a weight factor.
  function stemsFor(word) {
    var found = {};
    var known = Object.prototype.hasOwnProperty.call(index.words, word);
    var stem = known ? index.words[word] : (window.kisStemNl ? window.kisStemNl(word) : word);
    found[stem] = 1;
    // As-you-type: words that start with what was typed.
    if (word.length >= 3) {
      for (var i = 0; i < words.length; i++) {
        if (words[i].indexOf(word) === 0) {
          var s = index.words[words[i]];
          if (!(s in found)) { found[s] = 0.5; }
        }
      }
    }
    return found;
  }

  function search(query) {
    var terms = tokens(query);
    if (!terms.length) { return []; }
    var scores = null;
    terms.forEach(function (term) {
      var stems = stemsFor(term);
      var termScores = {};
      Object.keys(stems).forEach(function (stem) {
        (index.stems[stem] || []).forEach(function (posting) {
          var page = posting[0];
          termScores[page] = (termScores[page] || 0) + posting[1] * stems[stem];
        });
      });
      if (scores === null) {
        scores = termScores;
      } else {
        // Every word of the query must occur.
        var both = {};
        Object.keys(scores).forEach(function (page) {
          if (page in termScores) { both[page] = scores[page] + termScores[page]; }
        });
        scores = both;
      }
    });
    return Object.keys(scores || {})
      .map(function (page) { return { page: Number(page), score: scores[page] }; })
      .sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query.trim()) {
      status.textContent = "Typ een of meer woorden om te zoeken.";
      return;
    }
    var results = search(query);
    status.textContent = results.length === 0
      ? "Geen resultaten voor “" + query + "”."
      : results.length + (results.length === 1 ? " resultaat" : " resultaten") + " voor “" + query + "”.";
    results.slice(0, 50).forEach(function (r) {
      var page = index.pages[r.page];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "result-title";
      a.href = root + page[0];
      a.textContent = page[1];
      li.appendChild(a);
      if (page[2]) {
        var trail = document.createElement("span");
        trail.className = "result-trail";
        trail.textContent = page[2];
        li.appendChild(trail);
      }
      if (page[3]) {
        var p = document.createElement("p");
        p.textContent = page[3];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  if (headerInput) { headerInput.value = initial; }
  show(initial);
  var form = input.form;
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      try { window.history.replaceState(null, "", url.toString()); } catch (e) { /* file: */ }
    });
  }
}());
