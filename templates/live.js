// journeymap serve: listens for the server's events about what this page shows. `reload`:
// the map (or the list of maps) changed, so the page is fetched again; `errors`: the map no
// longer checks, and its findings are shown over the last diagram that drew; `clear`: it
// checks again as the page shows it. Findings are map text, so they are set as text, never
// as markup.
function jmLive(version) {
  "use strict";
  var path = location.pathname;
  var events = path === "/" ? "/events/index" : "/events" + path;
  var source = new EventSource(events + "?v=" + encodeURIComponent(version));
  // Where the reader was: the page's scroll and the diagram's, put back after a reload so the
  // diagram changes under the reader's eyes instead of jumping to the top.
  var place = "jm-live-place:" + path;
  var scroller = function () { return document.querySelector(".jm-scroller"); };
  try {
    var kept = JSON.parse(sessionStorage.getItem(place) || "null");
    sessionStorage.removeItem(place);
    if (kept) {
      var restore = function () {
        window.scrollTo(kept.x, kept.y);
        var s = scroller();
        if (s) { s.scrollLeft = kept.left; s.scrollTop = kept.top; }
      };
      restore();
      window.addEventListener("load", function () { requestAnimationFrame(restore); });
    }
  } catch (e) { /* storage may be off: the page simply opens at the top */ }
  source.addEventListener("reload", function () {
    source.close();
    try {
      var s = scroller();
      sessionStorage.setItem(place, JSON.stringify({
        x: window.scrollX, y: window.scrollY,
        left: s ? s.scrollLeft : 0, top: s ? s.scrollTop : 0
      }));
    } catch (e) { /* as above */ }
    location.reload();
  });
  source.addEventListener("errors", function (event) {
    show(JSON.parse(event.data));
  });
  source.addEventListener("clear", function () {
    var box = document.getElementById("jm-live-errors");
    if (box) box.remove();
  });
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function show(findings) {
    var box = document.getElementById("jm-live-errors");
    if (!box) {
      box = element("section", "jm-live-errors");
      box.id = "jm-live-errors";
      box.setAttribute("role", "alert");
      document.body.insertBefore(box, document.body.firstChild);
    }
    var count = findings.length + (findings.length === 1 ? " problem" : " problems");
    var drawn = document.querySelector(".jm-diagram-panel") !== null;
    box.replaceChildren(element("h2", "", drawn
      ? count + ": the diagram below is the last one that drew"
      : count + ": fix " + (findings.length === 1 ? "it" : "them") + " and the diagram appears here"));
    var list = element("ul");
    findings.forEach(function (f) {
      var item = element("li");
      item.append(element("code", "", f.file + ":" + f.line + ":" + f.column), " ",
        element("span", "jm-live-" + f.severity, f.severity + "[" + f.code + "]"), " " + f.message);
      if (f.help) item.append(element("p", "jm-live-help", "help: " + f.help));
      list.append(item);
    });
    box.append(list);
  }
}
