// kis-book serve: reloads the page the moment a new build of it is
// published, keeping the reader where they were, and shows the
// diagnostics of a failed build over the page. Injected by the preview
// server only; never part of the built site.
//
// The server pushes each change as a server-sent event (/__kis/events);
// where a stream cannot be had, the status is polled instead.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script && script.getAttribute("data-version");
  var seen = shown === null || shown === undefined ? null : Number(shown);
  var overlay = null;
  var place = "kis-book-place:" + location.pathname;

  // Back where the reader was before the reload, before the page is
  // first painted (the script runs once the page is parsed).
  if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
  try {
    var saved = JSON.parse(sessionStorage.getItem(place) || "null");
    sessionStorage.removeItem(place);
    if (saved) { window.scrollTo(saved.x, saved.y); }
  } catch (e) {}

  function reload() {
    try {
      sessionStorage.setItem(place,
        JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) {}
    location.reload();
  }

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
    overlay.textContent = heading + "\n\n" + errors.join("\n");
  }

  // One status: reload when it is a build the page does not show yet,
  // else show its errors (or none).
  function told(s) {
    if (seen === null) { seen = s.version; }
    else if (s.version !== seen) { reload(); return; }
    show(s.errors || [], s.heading || "");
  }

  function poll() {
    fetch("/__kis/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(told)
      .catch(function () {})
      .then(function () { setTimeout(poll, 500); });
  }

  if (!("EventSource" in window)) { poll(); return; }
  var events = new EventSource("/__kis/events");
  events.onmessage = function (e) {
    try { told(JSON.parse(e.data)); } catch (err) {}
  };
  events.onerror = function () {
    // The browser tries the stream again by itself; once it gives up,
    // polling takes over.
    if (events.readyState === EventSource.CLOSED) { events.close(); poll(); }
  };
})();
