// Live telemetry charts: each <figure class="chart"> fetches its readings from the REST API
// (the login cookie authenticates) and draws them as an SVG polyline. No external library.
// Times (the axis ends, the latest reading) are shown in the viewing member's zone
// (data-zone) with its label (data-zone-label), as the server-rendered pages show them.
(function () {
  "use strict";
  var REFRESH_MS = 5000, LIMIT = 300, W = 420, H = 140, PAD = 22;
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function when(ms, figure) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: figure.dataset.zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    return {
      day: parts.year + "-" + parts.month + "-" + parts.day,
      minute: parts.hour + ":" + parts.minute,
      second: parts.hour + ":" + parts.minute + ":" + parts.second,
      zone: figure.dataset.zoneLabel
    };
  }

  function timeAxis(figure, svg, x0, x1) {
    var a = when(x0, figure), b = when(x1, figure);
    var start = el("text", { x: PAD, y: H - 4, "class": "axis time start" });
    start.textContent = a.day + " " + a.minute + " " + a.zone;
    var end = el("text", { x: W - PAD, y: H - 4, "class": "axis time end", "text-anchor": "end" });
    end.textContent = (b.day === a.day ? "" : b.day + " ") + b.minute + " " + b.zone;
    svg.appendChild(start);
    svg.appendChild(end);
  }

  var alarms = [];  // alarms the caller may see, refreshed every tick (GET /api/v1/alarms)

  function markAlarms(figure, svg, sx, x0, x1) {
    var mine = alarms.filter(function (a) {
      return a.member === figure.dataset.member && a.resource === figure.dataset.resource &&
        a.signal === figure.dataset.signal;
    });
    var shown = 0;
    mine.forEach(function (a) {
      var t = Date.parse(a.raised_at);
      if (t < x0 || t > x1) { return; }
      var x = sx(t);
      var line = el("line", { x1: x, x2: x, y1: PAD / 2, y2: H - PAD, "class": "alarm-marker sev-" + a.severity });
      var tip = el("title", {});
      tip.textContent = (figure.dataset.labelAlarm || "alarm") + " " + a.severity + " · " + a.status + ": " + a.message;
      line.appendChild(tip);
      svg.appendChild(line);
      shown += 1;
    });
    figure.dataset.alarms = String(shown);
  }

  function draw(figure, rows) {
    var svg = figure.querySelector("svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    figure.dataset.points = String(rows.length);
    if (!rows.length) { return; }
    var xs = rows.map(function (r) { return Date.parse(r.ts); });
    var ys = rows.map(function (r) { return r.value; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    if (x1 === x0) { x1 = x0 + 1; }
    if (y1 === y0) { y0 -= 1; y1 += 1; }
    var sx = function (x) { return PAD + (x - x0) / (x1 - x0) * (W - 2 * PAD); };
    var sy = function (y) { return H - PAD + (y0 - y) / (y1 - y0) * (H - 2 * PAD); };
    [y0, (y0 + y1) / 2, y1].forEach(function (v) {
      svg.appendChild(el("line", { x1: PAD, x2: W - PAD, y1: sy(v), y2: sy(v), "class": "grid" }));
      var label = el("text", { x: 2, y: sy(v) - 2, "class": "axis" });
      label.textContent = Number(v.toPrecision(4));
      svg.appendChild(label);
    });
    var points = rows.map(function (r, i) { return sx(xs[i]).toFixed(1) + "," + sy(ys[i]).toFixed(1); });
    svg.appendChild(el("polyline", { points: points.join(" "), "class": "line" }));
    if (rows.length <= 60) {
      rows.forEach(function (r, i) { svg.appendChild(el("circle", { cx: sx(xs[i]), cy: sy(ys[i]), r: 2, "class": "point" })); });
    }
    markAlarms(figure, svg, sx, x0, x1);
    timeAxis(figure, svg, Math.min.apply(null, xs), Math.max.apply(null, xs));
    var last = rows[rows.length - 1], at = when(xs[xs.length - 1], figure);
    figure.querySelector(".latest").textContent = figure.dataset.labelLatest + ": " +
      Number(last.value.toPrecision(6)) + " (" + at.day + " " + at.second + " " + at.zone + ")";
  }

  function refresh(figure) {
    var url = "/api/v1/members/" + encodeURIComponent(figure.dataset.member) + "/telemetry/" +
      encodeURIComponent(figure.dataset.resource) + "?signal=" + encodeURIComponent(figure.dataset.signal) +
      "&limit=" + LIMIT;
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (resp) { return resp.ok ? resp.json() : Promise.reject(resp.status); })
      .then(function (rows) { draw(figure, rows); figure.classList.remove("failed"); })
      .catch(function () { figure.classList.add("failed"); });
  }

  function tick() {
    fetch("/api/v1/alarms", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (resp) { return resp.ok ? resp.json() : []; })
      .catch(function () { return []; })
      .then(function (found) {
        alarms = found;
        document.querySelectorAll("figure.chart").forEach(refresh);
      });
  }

  tick();
  setInterval(tick, REFRESH_MS);
})();
