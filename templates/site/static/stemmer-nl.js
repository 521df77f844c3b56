// The Dutch Snowball stemmer (snowballstem.org, the algorithm the
// rust-stemmers crate implements), so that search.js stems a query word the
// way search.rs stemmed the text. The browser test checks that both agree
// on every word of the site.
(function () {
  "use strict";
  var VOWELS = "aeiouyè";
  function isV(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }

  function stem(input) {
    var w = input.replace(/[äá]/g, "a").replace(/[ëé]/g, "e").replace(/[ïí]/g, "i")
      .replace(/[öó]/g, "o").replace(/[üú]/g, "u");
    // Prelude: initial y, y after a vowel and i between vowels are consonants.
    var chars = w.split("");
    if (chars[0] === "y") { chars[0] = "Y"; }
    for (var i = 1; i < chars.length; i++) {
      if (!isV(chars[i - 1])) { continue; }
      if (chars[i] === "i" && isV(chars[i + 1])) {
        chars[i] = "I";
        i += 2; // the vowel after it is consumed and cannot start the next match
      } else if (chars[i] === "y") {
        chars[i] = "Y";
      }
    }
    w = chars.join("");

    // R1 and R2.
    function region(from) {
      var k = from;
      while (k < w.length && !isV(w[k])) { k++; }
      if (k >= w.length) { return w.length; }
      while (k < w.length && isV(w[k])) { k++; }
      if (k >= w.length) { return w.length; }
      return k + 1;
    }
    var p1raw = region(0);
    var p2 = p1raw >= w.length ? w.length : region(p1raw);
    var p1 = p1raw < 3 ? 3 : p1raw;
    function r1(pos) { return pos >= p1; }
    function r2(pos) { return pos >= p2; }
    function ends(s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    function before(pos) { return w[pos - 1]; }
    function undouble() {
      if (ends("kk") || ends("dd") || ends("tt")) { w = w.slice(0, -1); }
    }
    function enEnding(start) {
      if (!r1(start)) { return false; }
      var c = before(start);
      if (c === undefined || isV(c)) { return false; }
      if (start >= 3 && w.slice(start - 3, start) === "gem") { return false; }
      w = w.slice(0, start);
      undouble();
      return true;
    }
    var eFound = false;
    function eEnding() {
      eFound = false;
      if (!ends("e")) { return; }
      var start = w.length - 1;
      if (!r1(start)) { return; }
      var c = before(start);
      if (c === undefined || isV(c)) { return; }
      w = w.slice(0, start);
      eFound = true;
      undouble();
    }

    // Step 1: the longest of heden, ene, en, se, s.
    var start;
    if (ends("heden")) {
      start = w.length - 5;
      if (r1(start)) { w = w.slice(0, start) + "heid"; }
    } else if (ends("ene") || ends("en")) {
      enEnding(w.length - (ends("ene") ? 3 : 2));
    } else if (ends("se") || ends("s")) {
      start = w.length - (ends("se") ? 2 : 1);
      var c = before(start);
      if (r1(start) && c !== undefined && !isV(c) && c !== "j") { w = w.slice(0, start); }
    }
    // Step 2: e.
    eEnding();
    // Step 3a: heid.
    if (ends("heid")) {
      start = w.length - 4;
      if (r2(start) && before(start) !== "c") {
        w = w.slice(0, start);
        if (ends("en")) { enEnding(w.length - 2); }
      }
    }
    // Step 3b: the longest of end, ing, ig, lijk, baar, bar.
    if (ends("end") || ends("ing")) {
      start = w.length - 3;
      if (r2(start)) {
        w = w.slice(0, start);
        var igStart = w.length - 2;
        if (ends("ig") && r2(igStart) && before(igStart) !== "e") {
          w = w.slice(0, igStart);
        } else {
          undouble();
        }
      }
    } else if (ends("ig")) {
      start = w.length - 2;
      if (r2(start) && before(start) !== "e") { w = w.slice(0, start); }
    } else if (ends("lijk")) {
      start = w.length - 4;
      if (r2(start)) {
        w = w.slice(0, start);
        eEnding();
      }
    } else if (ends("baar")) {
      start = w.length - 4;
      if (r2(start)) { w = w.slice(0, start); }
    } else if (ends("bar")) {
      start = w.length - 3;
      if (r2(start) && eFound) { w = w.slice(0, start); }
    }
    // Step 4: undouble a vowel, "maan" → "man".
    var n = w.length;
    if (n >= 4) {
      var last = w[n - 1];
      var pair = w.slice(n - 3, n - 1);
      if (!isV(last) && last !== "I" && ["aa", "ee", "oo", "uu"].indexOf(pair) >= 0 && !isV(w[n - 4])) {
        w = w.slice(0, n - 2) + last;
      }
    }
    return w.replace(/Y/g, "y").replace(/I/g, "i");
  }
  window.kisStemNl = stem;
}());
