// Live telemetry charts: each <figure class="chart"> fetches its readings from the REST API
// (the login cookie authenticates) and draws them as an SVG polyline. No external library.
(function () {
  "use strict";
  var REFRESH_MS = 5000, LIMIT = 300, W = 420, H = 140, PAD = 22;
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
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
    var last = rows[rows.length - 1];
    figure.querySelector(".latest").textContent = figure.dataset.labelLatest + ": " +
      Number(last.value.toPrecision(6)) + " (" + new Date(last.ts).toLocaleTimeString() + ")";
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
    document.querySelectorAll("figure.chart").forEach(refresh);
  }

  tick();
  setInterval(tick, REFRESH_MS);
})();
