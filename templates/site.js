"use strict";
// Filters and search on the index; sorting and filters on the backlog. Reads only the page.
(function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  if (cards.length) {
    var data = document.getElementById("search-data");
    var texts = data ? JSON.parse(data.textContent) : [];
    var search = document.getElementById("search");
    var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
    var shown = document.getElementById("shown");
    var apply = function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      cards.forEach(function (card, i) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          var have = card.getAttribute("data-" + s.getAttribute("data-filter")) || "";
          return have.split("\u001f").indexOf(s.value) >= 0;
        });
        var text = texts[i] ? texts[i].text : "";
        ok = ok && words.every(function (w) { return text.indexOf(w) >= 0; });
        card.hidden = !ok;
        if (ok) count += 1;
      });
      shown.textContent = count + " of " + cards.length + " maps";
    };
    search.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  var table = document.getElementById("backlog");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var severity = document.querySelector("select[data-backlog=severity]");
    var open = document.querySelector("input[data-backlog=open]");
    var filter = function () {
      rows.forEach(function (r) {
        r.hidden = (severity.value && r.getAttribute("data-severity") !== severity.value) ||
          (open.checked && r.getAttribute("data-open") !== "true");
      });
    };
    severity.addEventListener("change", filter);
    open.addEventListener("change", filter);
    var direction = {};
    Array.prototype.forEach.call(table.querySelectorAll("button[data-sort]"), function (b) {
      b.addEventListener("click", function () {
        var col = Number(b.getAttribute("data-sort"));
        direction[col] = !direction[col];
        var key = function (r) {
          var c = r.cells[col];
          return c.getAttribute("data-key") || c.textContent.toLowerCase();
        };
        rows.sort(function (a, z) {
          var x = key(a), y = key(z);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return direction[col] ? -order : order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
})();
