// kis-book serve: reloads the page after a rebuild and shows the
// diagnostics of a failed one over the page. Injected by the preview
// server only; never part of the built site.
(function () {
  "use strict";
  var seen = null;
  var overlay = null;

  function show(errors, heading) {
    if (!errors.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "kis-book-diagnostics";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;" +
        "margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;" +
        "border-top:4px solid #b00020;font:14px/1.45 monospace;z-index:2147483647;" +
        "white-space:pre-wrap;box-shadow:0 -4px 16px rgba(0,0,0,.2)";
      document.body.appendChild(overlay);
    }
    // The heading is the book's word `preview_errors` (book.yaml `words:`).
    overlay.textContent = heading + "\n\n" + errors.join("\n");
  }

  function poll() {
    fetch("/__kis/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen === null) { seen = s.version; }
        else if (s.version !== seen) { location.reload(); return; }
        show(s.errors || [], s.heading || "");
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 500); });
  }
  poll();
})();
