(function () {
  "use strict";
  var toggles = Array.prototype.slice.call(document.querySelectorAll("input[data-lane-toggle]"));
  var diagrams = Array.prototype.slice.call(document.querySelectorAll("svg.jm-diagram"));

  // Hides the unchecked lanes and moves the bands below them up, in every copy of the diagram.
  function relayout() {
    var hidden = {};
    toggles.forEach(function (box) {
      if (!box.checked) { hidden[box.value] = true; }
    });
    diagrams.forEach(function (svg) {
      var bands = Array.prototype.slice.call(svg.querySelectorAll("g.jm-band"));
      var removed = 0;
      bands.forEach(function (band, i) {
        var lane = band.getAttribute("data-lane");
        var next = bands[i + 1];
        var isLine = band.classList.contains("jm-blueprint-line");
        var hide = (lane && hidden[lane]) ||
          (isLine && next && hidden[next.getAttribute("data-lane")]);
        if (hide) {
          band.classList.add("jm-hidden");
          removed += parseFloat(band.getAttribute("data-height")) || 0;
        } else {
          band.classList.remove("jm-hidden");
          if (removed) {
            band.setAttribute("transform", "translate(0 " + (-removed) + ")");
          } else {
            band.removeAttribute("transform");
          }
        }
      });
      var width = svg.getAttribute("data-width");
      var height = parseFloat(svg.getAttribute("data-full-height")) - removed;
      svg.setAttribute("height", String(height));
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    });
  }

  diagrams.forEach(function (svg) {
    var box = svg.getAttribute("viewBox").split(" ");
    svg.setAttribute("data-width", box[2]);
    svg.setAttribute("data-full-height", box[3]);
  });
  toggles.forEach(function (box) { box.addEventListener("change", relayout); });
  var all = document.getElementById("jm-lanes-all");
  if (all) {
    all.addEventListener("click", function () {
      toggles.forEach(function (box) { box.checked = true; });
      relayout();
    });
  }
})();
