(function () {
  "use strict";
  var doc = document.documentElement;
  var toggles = Array.prototype.slice.call(document.querySelectorAll("input[data-lane-toggle]"));
  var frames = Array.prototype.slice.call(document.querySelectorAll(".jm-viewer"));
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MIN_ZOOM = 0.02;
  var MAX_ZOOM = 4;

  if (document.querySelector(".jm-print-pages")) { doc.classList.add("jm-has-print"); }
  if (document.querySelector(".jm-reading")) { doc.classList.add("jm-has-reading"); }

  function num(v) { return String(Math.round(v * 100) / 100); }
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  // --- Lanes: hide the unticked ones and move the bands below them up, in every diagram,
  // with their blueprint line and their row of the legend.
  function relayout() {
    var hidden = {};
    toggles.forEach(function (box) { if (!box.checked) { hidden[box.value] = true; } });
    viewers.forEach(function (v) {
      var bands = Array.prototype.slice.call(v.svg.querySelectorAll("g.jm-band"));
      var removed = 0;
      bands.forEach(function (band, i) {
        var lane = band.getAttribute("data-lane");
        var next = bands[i + 1];
        var isLine = band.classList.contains("jm-blueprint-line");
        var hide = (lane && hidden[lane]) ||
          (isLine && next && hidden[next.getAttribute("data-lane")]);
        var y = parseFloat(band.getAttribute("data-y")) || 0;
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
        band.setAttribute("data-shown-y", num(y - removed));
      });
      Array.prototype.slice.call(v.svg.querySelectorAll("g[class^='jm-legend-']")).forEach(function (row) {
        var lane = row.getAttribute("class").replace("jm-legend-", "");
        row.style.display = hidden[lane] ? "none" : "";
      });
      v.height = v.fullHeight - removed;
      v.size();
    });
  }

  // --- The viewer: fitted to the width on open, zoom by buttons, Ctrl/⌘ + wheel, pinch and
  // + − 0, pan by scrolling or dragging; the lane labels and the stage and step headers are
  // pinned while the diagram scrolls under them.
  function Viewer(frame) {
    var self = this;
    var scroller = frame.querySelector(".jm-scroller");
    var svg = frame.querySelector("svg.jm-diagram");
    var box = svg.getAttribute("viewBox").split(" ");
    self.frame = frame;
    self.scroller = scroller;
    self.svg = svg;
    self.width = parseFloat(box[2]);
    self.fullHeight = parseFloat(box[3]);
    self.height = self.fullHeight;
    self.zoom = 1;
    self.fitted = true;
    self.labelWidth = parseFloat(frame.getAttribute("data-label-width")) || 0;

    // Everything drawn, in one group the pins show again with <use>.
    var id = (svg.getAttribute("aria-labelledby") || "jm").split(" ")[0].replace(/-title$/, "") + "-content";
    var content = document.createElementNS(SVG_NS, "g");
    content.setAttribute("id", id);
    var background = svg.querySelector(":scope > rect");
    Array.prototype.slice.call(svg.children).forEach(function (child) {
      if (child.tagName !== "title" && child.tagName !== "desc" && child !== background) {
        content.appendChild(child);
      }
    });
    svg.appendChild(content);
    var fill = background ? background.getAttribute("fill") : "#ffffff";
    function pin(cls) {
      var p = document.createElementNS(SVG_NS, "svg");
      p.setAttribute("class", "jm-pin " + cls);
      p.setAttribute("aria-hidden", "true");
      p.setAttribute("font-family", svg.getAttribute("font-family"));
      p.setAttribute("font-size", svg.getAttribute("font-size"));
      p.setAttribute("preserveAspectRatio", "xMinYMin slice");
      var bg = document.createElementNS(SVG_NS, "rect");
      bg.setAttribute("width", "100%");
      bg.setAttribute("height", "100%");
      bg.setAttribute("fill", fill);
      var use = document.createElementNS(SVG_NS, "use");
      use.setAttribute("href", "#" + id);
      p.appendChild(bg);
      p.appendChild(use);
      p.setAttribute("hidden", "");
      frame.appendChild(p);
      return p;
    }
    self.labels = pin("jm-pin-labels");
    self.header = pin("jm-pin-header");
    self.corner = pin("jm-pin-corner");

    // The rows that stay in sight: from the stage headers to the step cards.
    self.headerRows = function () {
      var top = null;
      var bottom = null;
      ["stages", "time", "steps"].forEach(function (lane) {
        var band = svg.querySelector("g.jm-band[data-lane='" + lane + "']:not(.jm-hidden)");
        if (!band) { return; }
        var y = parseFloat(band.getAttribute("data-shown-y") || band.getAttribute("data-y"));
        var h = parseFloat(band.getAttribute("data-height"));
        if (top === null || y < top) { top = y; }
        if (bottom === null || y + h > bottom) { bottom = y + h; }
      });
      return top === null ? null : { top: top, height: bottom - top };
    };

    self.size = function () {
      svg.setAttribute("width", num(self.width * self.zoom));
      svg.setAttribute("height", num(self.height * self.zoom));
      svg.setAttribute("viewBox", "0 0 " + num(self.width) + " " + num(self.height));
      var level = document.querySelector(".jm-zoom-level");
      if (level && frame.offsetParent !== null) { level.textContent = Math.round(self.zoom * 100) + "%"; }
      self.pins();
    };

    self.pins = function () {
      var k = self.zoom;
      var left = scroller.scrollLeft / k;
      var top = scroller.scrollTop / k;
      var w = scroller.clientWidth / k;
      var h = scroller.clientHeight / k;
      var rows = self.headerRows();
      var showLabels = self.labelWidth > 0 && left > 0.5;
      var showHeader = rows !== null && top > rows.top + 0.5;
      function place(p, show, x, y, vw, vh) {
        // An SVG element has no `hidden` property: set the attribute.
        if (!show) { p.setAttribute("hidden", ""); return; }
        p.removeAttribute("hidden");
        p.setAttribute("width", num(vw * k));
        p.setAttribute("height", num(vh * k));
        p.setAttribute("viewBox", num(x) + " " + num(y) + " " + num(vw) + " " + num(vh));
        // The pin's own background, under what it shows (the diagram's margins are clear).
        var bg = p.firstChild;
        bg.setAttribute("x", num(x));
        bg.setAttribute("y", num(y));
        bg.setAttribute("width", num(vw));
        bg.setAttribute("height", num(vh));
      }
      place(self.labels, showLabels, 0, top, Math.min(self.labelWidth, w), h);
      place(self.header, showHeader, left, showHeader ? rows.top : 0, w, showHeader ? Math.min(rows.height, h / 2) : 0);
      place(self.corner, showLabels && showHeader, 0, showHeader ? rows.top : 0,
        Math.min(self.labelWidth, w), showHeader ? Math.min(rows.height, h / 2) : 0);
    };

    // The smallest zoom: MIN_ZOOM, or less when that is what fits a very wide map.
    self.least = function () {
      return Math.min(MIN_ZOOM, scroller.clientWidth / self.width || MIN_ZOOM);
    };

    self.fit = function () {
      if (!scroller.clientWidth) { return; }
      self.zoom = clamp(scroller.clientWidth / self.width, self.least(), MAX_ZOOM);
      self.fitted = true;
      self.size();
    };

    // Zooms to `zoom`, keeping the diagram point under (cx, cy) of the scroller in place.
    self.zoomTo = function (zoom, cx, cy) {
      if (cx === undefined) { cx = scroller.clientWidth / 2; cy = scroller.clientHeight / 2; }
      var ux = (scroller.scrollLeft + cx) / self.zoom;
      var uy = (scroller.scrollTop + cy) / self.zoom;
      self.zoom = clamp(zoom, self.least(), MAX_ZOOM);
      self.fitted = false;
      self.size();
      scroller.scrollLeft = ux * self.zoom - cx;
      scroller.scrollTop = uy * self.zoom - cy;
      self.pins();
    };

    var queued = false;
    scroller.addEventListener("scroll", function () {
      if (queued) { return; }
      queued = true;
      window.requestAnimationFrame(function () { queued = false; self.pins(); });
    });
    scroller.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) { return; }
      e.preventDefault();
      var r = scroller.getBoundingClientRect();
      self.zoomTo(self.zoom * Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    scroller.addEventListener("keydown", function (e) {
      if (e.target !== scroller || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === "+" || e.key === "=") { self.zoomTo(self.zoom * 1.25); e.preventDefault(); }
      else if (e.key === "-" || e.key === "_") { self.zoomTo(self.zoom / 1.25); e.preventDefault(); }
      else if (e.key === "0") { self.fit(); e.preventDefault(); }
    });

    // Drag with a mouse to pan; two fingers pinch to zoom (one finger scrolls natively).
    var pointers = {};
    var drag = null;
    var pinch = null;
    self.moved = false;
    scroller.addEventListener("pointerdown", function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      var ids = Object.keys(pointers);
      self.moved = false;
      if (e.pointerType === "mouse" && e.button === 0) {
        drag = { x: e.clientX, y: e.clientY, left: scroller.scrollLeft, top: scroller.scrollTop };
      } else if (ids.length === 2) {
        var a = pointers[ids[0]];
        var b = pointers[ids[1]];
        pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, zoom: self.zoom };
      }
    });
    scroller.addEventListener("pointermove", function (e) {
      if (!pointers[e.pointerId]) { return; }
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      if (drag) {
        var dx = e.clientX - drag.x;
        var dy = e.clientY - drag.y;
        if (!self.moved && Math.abs(dx) + Math.abs(dy) > 4) {
          self.moved = true;
          scroller.classList.add("jm-dragging");
        }
        if (self.moved) {
          scroller.scrollLeft = drag.left - dx;
          scroller.scrollTop = drag.top - dy;
        }
      } else if (pinch) {
        var ids = Object.keys(pointers);
        if (ids.length < 2) { return; }
        var a = pointers[ids[0]];
        var b = pointers[ids[1]];
        var r = scroller.getBoundingClientRect();
        self.moved = true;
        self.zoomTo(pinch.zoom * Math.hypot(a.x - b.x, a.y - b.y) / pinch.distance,
          (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      }
    });
    function release(e) {
      delete pointers[e.pointerId];
      if (Object.keys(pointers).length < 2) { pinch = null; }
      drag = null;
      scroller.classList.remove("jm-dragging");
    }
    scroller.addEventListener("pointerup", release);
    scroller.addEventListener("pointercancel", release);
  }

  var viewers = frames.map(function (frame) { return new Viewer(frame); });
  function visibleViewers() {
    return viewers.filter(function (v) { return v.frame.offsetParent !== null; });
  }
  function refit() {
    viewers.forEach(function (v) { if (v.fitted) { v.fit(); } else { v.size(); } });
  }
  viewers.forEach(function (v) { v.size(); });
  refit();
  window.addEventListener("resize", refit);
  if (window.matchMedia) {
    ["(prefers-color-scheme: dark)", "(max-width: 700px)"].forEach(function (q) {
      var m = window.matchMedia(q);
      if (m.addEventListener) { m.addEventListener("change", refit); }
    });
  }
  Array.prototype.slice.call(document.querySelectorAll("[data-zoom]")).forEach(function (button) {
    button.addEventListener("click", function () {
      visibleViewers().forEach(function (v) {
        var how = button.getAttribute("data-zoom");
        if (how === "in") { v.zoomTo(v.zoom * 1.25); }
        else if (how === "out") { v.zoomTo(v.zoom / 1.25); }
        else if (how === "actual") { v.zoomTo(1); }
        else { v.fit(); }
      });
    });
  });

  toggles.forEach(function (box) { box.addEventListener("change", relayout); });
  var all = document.getElementById("jm-lanes-all");
  if (all) {
    all.addEventListener("click", function () {
      toggles.forEach(function (box) { box.checked = true; });
      relayout();
    });
  }
  relayout();

  // --- Cards: each is focusable and opens the detail panel (click, tap, Enter or Space)
  // with the step's (or stage's) full entry from the reading order.
  var panel = document.getElementById("jm-detail");
  var panelBody = panel ? panel.querySelector(".jm-detail-body") : null;
  var opened = null;
  function entryFor(card) {
    var step = card.getAttribute("data-step");
    if (step) { return document.getElementById("jm-read-step-" + step); }
    var stage = card.getAttribute("data-stage");
    if (stage) {
      var section = document.getElementById("jm-read-stage-" + stage);
      return section ? section.querySelector(".jm-read-stage-head") : null;
    }
    return null;
  }
  function openDetail(card) {
    var entry = entryFor(card);
    if (!panel || !entry) { return; }
    if (opened) { opened.classList.remove("jm-open"); }
    opened = card;
    card.classList.add("jm-open");
    panelBody.textContent = "";
    var stage = entry.classList.contains("jm-read-step") ? entry.closest(".jm-read-stage") : null;
    var heading = stage ? stage.querySelector("h3") : null;
    if (heading) {
      var where = document.createElement("p");
      where.className = "jm-muted";
      where.textContent = "Stage: " + heading.textContent.trim();
      panelBody.appendChild(where);
    }
    var copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    panelBody.appendChild(copy);
    panel.hidden = false;
    document.getElementById("jm-detail-close").focus();
  }
  function closeDetail() {
    if (!panel || panel.hidden) { return; }
    panel.hidden = true;
    if (opened) {
      opened.classList.remove("jm-open");
      opened.focus();
    }
  }
  if (panel) {
    document.getElementById("jm-detail-close").addEventListener("click", closeDetail);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { closeDetail(); }
    });
  }
  viewers.forEach(function (v) {
    var cards = v.svg.querySelectorAll("g[data-step], g[data-stage]");
    Array.prototype.slice.call(cards).forEach(function (card) {
      if (!entryFor(card)) { return; }
      var title = card.querySelector(":scope > title");
      card.setAttribute("tabindex", "0");
      card.setAttribute("role", "button");
      card.setAttribute("aria-label", (title ? title.textContent.split("\n")[0] : "Card") + ": open the details");
      card.addEventListener("click", function (e) {
        if (v.moved) { return; }
        e.stopPropagation();
        openDetail(card);
      });
      card.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          openDetail(card);
        }
      });
    });
  });

  // --- A narrow screen reads stage by stage; the diagram is one tap away.
  var show = document.getElementById("jm-show-diagram");
  if (show) {
    show.addEventListener("click", function () {
      var shown = doc.classList.toggle("jm-diagram-shown");
      show.textContent = shown ? show.getAttribute("data-read") : show.getAttribute("data-show");
      show.setAttribute("aria-expanded", shown ? "true" : "false");
      refit();
    });
  }
})();
