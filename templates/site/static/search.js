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
  // The book's words (book.yaml's `words:`), carried by the page.
  var messages = status.dataset;
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

  var stemCache = {};
  function stemOf(word) {
    if (!(word in stemCache)) {
      stemCache[word] = Object.prototype.hasOwnProperty.call(index.words, word)
        ? index.words[word] : (window.kisStemNl ? window.kisStemNl(word) : word);
    }
    return stemCache[word];
  }

  // The stretch of a page's text around the first word that matches, as
  // text and marked parts: [[text, marked], …]; null when nothing matches.
  function snippet(text, stems) {
    var re = /[\p{L}\p{N}]+/gu;
    var m;
    while ((m = re.exec(text)) !== null) {
      var folded = tokens(m[0])[0];
      if (folded && stems[stemOf(folded)]) {
        var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, m.index - 90)));
        var to = text.indexOf(" ", Math.min(text.length, m.index + m[0].length + 120));
        if (to < 0) { to = text.length; }
        var part = text.slice(from, to).trim();
        var parts = [];
        var last = 0;
        var inner = /[\p{L}\p{N}]+/gu;
        var w;
        while ((w = inner.exec(part)) !== null) {
          var f = tokens(w[0])[0];
          if (f && stems[stemOf(f)]) {
            parts.push([part.slice(last, w.index), false]);
            parts.push([w[0], true]);
            last = w.index + w[0].length;
          }
        }
        parts.push([part.slice(last), false]);
        if (from > 0) { parts.unshift(["… ", false]); }
        if (to < text.length) { parts.push([" …", false]); }
        return parts;
      }
    }
    return null;
  }

  function search(query) {
    var terms = tokens(query);
    if (!terms.length) { return { results: [], stems: {} }; }
    var scores = null;
    var exact = {};
    terms.forEach(function (term) {
      var stems = stemsFor(term);
      Object.keys(stems).forEach(function (stem) { if (stems[stem] === 1) { exact[stem] = true; } });
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
    var results = Object.keys(scores || {})
      .map(function (page) { return { page: Number(page), score: scores[page] }; })
      .sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return { results: results, stems: exact };
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query.trim()) {
      status.textContent = messages.prompt;
      return;
    }
    var found = search(query);
    var results = found.results;
    status.textContent = results.length === 0
      ? messages.none + " “" + query + "”."
      : results.length + " " + (results.length === 1 ? messages.one : messages.many) + " “" + query + "”.";
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
      var parts = snippet(page[4] || "", found.stems);
      if (parts || page[3]) {
        var p = document.createElement("p");
        (parts || [[page[3], false]]).forEach(function (part) {
          if (part[1]) {
            var mark = document.createElement("mark");
            mark.textContent = part[0];
            p.appendChild(mark);
          } else {
            p.appendChild(document.createTextNode(part[0]));
          }
        });
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
