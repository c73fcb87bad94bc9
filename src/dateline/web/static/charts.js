// Small SVG charts for the events explorer: timeline, map and actor network.
// Everything is built with createElementNS and textContent (CSP: no inline script, no markup from data).
window.DatelineCharts = (function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  // PLOVER categories in manual order; cooperation in greens/blues, conflict in oranges/reds.
  const CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const COLORS = ["#74c476", "#41ab5d", "#238b45", "#a1d99b", "#6baed6", "#3182bd", "#9ecae1", "#c6dbef",
    "#fdd0a2", "#fdae6b", "#fd8d3c", "#bcbddc", "#9e9ac8", "#e6550d", "#de2d26", "#a50f15"];
  const color = (c) => COLORS[CATEGORIES.indexOf(c)] || "#999";

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function text(parent, x, y, s, attrs) {
    const t = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function tip(node, s) { const t = el("title", {}, node); t.textContent = s; }
  function svg(container, w, h, cls) {
    container.textContent = "";
    return el("svg", { viewBox: "0 0 " + w + " " + h, class: cls, role: "img", preserveAspectRatio: "xMidYMid meet" },
      container);
  }
  function empty(container, msg) {
    container.textContent = "";
    const p = document.createElement("p");
    p.className = "meta empty";
    p.textContent = msg;
    container.appendChild(p);
  }

  // ---- timeline: stacked bars per bucket by category; historical events outlined, on their own dates
  function addBucket(d, bucket) {
    const t = new Date(d + "T00:00:00Z");
    if (bucket === "day") t.setUTCDate(t.getUTCDate() + 1);
    else if (bucket === "week") t.setUTCDate(t.getUTCDate() + 7);
    else if (bucket === "month") t.setUTCMonth(t.getUTCMonth() + 1);
    else t.setUTCFullYear(t.getUTCFullYear() + 1);
    return t.toISOString().slice(0, 10);
  }
  function slots(first, last, bucket) {
    let n = 0;
    for (let d = first; d <= last && n < 5000; d = addBucket(d, bucket)) n++;
    return n;
  }
  function label(d, bucket) { return d.slice(0, bucket === "year" ? 4 : bucket === "month" ? 7 : 10); }

  // One axis segment per cluster of dates (the server breaks the axis at long empty stretches), each
  // with its own bucket; bars stacked by category, historical events outlined.
  function timeline(container, stats) {
    const segs = stats.segments || [];
    if (!segs.length) return empty(container, "No dated events.");
    const W = 900, H = 230, L = 40, R = 10, T = 10, B = 48, GAP = 22;
    segs.forEach((g) => {
      g.start = label(g.rows[0].bucket, "day");
      g.n = slots(g.start, g.last, g.bucket);
      g.max = 1;
      const per = {};
      g.rows.forEach((r) => { per[r.bucket] = (per[r.bucket] || 0) + r.n; });
      for (const k in per) g.max = Math.max(g.max, per[k]);
    });
    const max = Math.max(...segs.map((g) => g.max));
    const avail = W - L - R - GAP * (segs.length - 1);
    const weight = segs.map((g) => Math.max(Math.sqrt(g.n), 1));
    const total = weight.reduce((a, b) => a + b, 0);
    const y = (n) => T + (H - T - B) * (1 - n / max);
    const s = svg(container, W, H, "timeline-svg");
    el("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }, s);
    text(s, L - 4, T + 8, String(max), { class: "tick", "text-anchor": "end" });
    text(s, L - 4, H - B, "0", { class: "tick", "text-anchor": "end" });
    let x0 = L;
    segs.forEach((g, gi) => {
      const w = Math.max(60, (avail * weight[gi]) / total), slot = w / g.n;
      const seg = el("g", { class: "segment", "data-bucket": g.bucket }, s);
      el("line", { x1: x0, y1: H - B, x2: x0 + w, y2: H - B, class: "axis" }, seg);
      const acc = {};
      const index = {};
      let i = 0;
      for (let d = g.start; i < g.n; d = addBucket(d, g.bucket)) index[d] = i++;
      g.rows.slice().sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
        (a.historical - b.historical)).forEach((r) => {
        const base = acc[r.bucket] || 0, bx = x0 + (index[r.bucket] || 0) * slot;
        const yTop = y(base + r.n), yBot = y(base);
        const bar = el("rect", { x: bx + Math.min(0.5, slot * 0.1), y: yTop, width: Math.max(slot - 1, 1.5),
          height: Math.max(yBot - yTop, 0.5), fill: color(r.category),
          class: "bar" + (r.historical ? " historical" : ""), "data-category": r.category }, seg);
        tip(bar, label(r.bucket, g.bucket) + " (" + g.bucket + "): " + r.n + " " + r.category +
          (r.historical ? " (historical)" : ""));
        acc[r.bucket] = base + r.n;
      });
      // one bucket: one centred label (a start and an end label would print the same date twice)
      const ticks = g.n === 1 ? 0 : Math.max(1, Math.min(4, Math.floor(w / 110)));
      for (let t = 0; t <= ticks; t++) {
        const k = ticks ? Math.round(((g.n - 1) * t) / ticks) : 0;
        let d = g.start;
        for (let j = 0; j < k; j++) d = addBucket(d, g.bucket);
        const xx = x0 + (k + 0.5) * slot;
        el("line", { x1: xx, y1: H - B, x2: xx, y2: H - B + 4, class: "axis" }, seg);
        if (!ticks) {
          text(seg, xx, H - B + 15, label(d, g.bucket), { class: "tick", "text-anchor": "middle" });
        } else if (t === 0 || t === ticks || w > 200) {
          text(seg, t === 0 ? x0 : t === ticks ? x0 + w : xx, H - B + 15, label(d, g.bucket),
            { class: "tick", "text-anchor": t === 0 ? "start" : t === ticks ? "end" : "middle" });
        }
      }
      text(seg, x0 + w / 2, H - B + 29, "per " + g.bucket, { class: "tick unit", "text-anchor": "middle" });
      if (gi < segs.length - 1) text(s, x0 + w + GAP / 2, H - B + 4, "//", { class: "tick break", "text-anchor": "middle" });
      x0 += w + GAP;
    });
    text(s, W - R, H - 4, "bars stacked by category; outlined: historical events, on their own dates; // long gap",
      { class: "tick", "text-anchor": "end" });
  }

  // ---- map: equirectangular projection of the shipped Natural Earth borders, zoomed to the points
  function map(container, world, points) {
    const W = 600, H = 320;
    let box = [-180, -60, 180, 85];
    if (points.length) {
      const lons = points.map((p) => p.lon), lats = points.map((p) => p.lat);
      const pad = 8;
      box = [Math.max(-180, Math.min(...lons) - pad), Math.max(-90, Math.min(...lats) - pad),
        Math.min(180, Math.max(...lons) + pad), Math.min(90, Math.max(...lats) + pad)];
      // keep the aspect ratio of the panel
      const w = box[2] - box[0], h = box[3] - box[1], want = (w / h) / (W / H);
      if (want > 1) { const extra = (w * H / W - h) / 2; box[1] -= extra; box[3] += extra; }
      else { const extra = (h * W / H - w) / 2; box[0] -= extra; box[2] += extra; }
    }
    const sx = W / (box[2] - box[0]), sy = H / (box[3] - box[1]);
    const px = (lon) => (lon - box[0]) * sx, py = (lat) => (box[3] - lat) * sy;
    const s = svg(container, W, H, "map-svg");
    el("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }, s);
    const land = el("g", { class: "land" }, s);
    (world.countries || []).forEach((c) => {
      let d = "";
      c.rings.forEach((r) => {
        for (let i = 0; i < r.length; i += 2) d += (i ? "L" : "M") + px(r[i]).toFixed(1) + " " + py(r[i + 1]).toFixed(1);
        d += "Z";
      });
      const path = el("path", { d: d, class: "country" }, land);
      if (c.name) tip(path, c.name);
    });
    const max = points.reduce((m, p) => Math.max(m, p.n), 1);
    const dots = el("g", { class: "points" }, s);
    points.slice().reverse().forEach((p) => {
      let top = null, topN = -1;
      for (const k in p.categories) if (p.categories[k] > topN) { top = k; topN = p.categories[k]; }
      const dot = el("circle", { cx: px(p.lon), cy: py(p.lat), r: 3 + 9 * Math.sqrt(p.n / max), fill: color(top),
        class: "point" }, dots);
      tip(dot, (p.place || "?") + (p.country ? ", " + p.country : "") + ": " + p.n + " event" + (p.n === 1 ? "" : "s") +
        " (" + Object.keys(p.categories).map((k) => k + " " + p.categories[k]).join(", ") + ")");
    });
  }

  // ---- network: force layout (fixed iterations from a circle: deterministic), arrows coloured by category
  function network(container, data) {
    const nodes = data.nodes || [], edges = data.edges || [];
    if (!nodes.length) return empty(container, "No events with both an actor and a recipient.");
    const W = 600, H = 320, N = nodes.length;
    const idx = {};
    nodes.forEach((n, i) => {
      idx[n.id] = i;
      n.x = W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / N);
      n.y = H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / N);
    });
    const k = Math.sqrt((W * H) / Math.max(N, 1)) * 0.9;
    const links = {};
    edges.forEach((e) => { if (e.source !== e.target) { const key = e.source + "\u0000" + e.target; links[key] = (links[key] || 0) + e.n; } });
    for (let it = 0; it < 200; it++) {
      const t = 20 * (1 - it / 200) + 0.5;
      nodes.forEach((n) => { n.dx = 0; n.dy = 0; });
      for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        const f = (k * k) / d;
        a.dx += (dx / d) * f; a.dy += (dy / d) * f; b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
      }
      Object.keys(links).forEach((key) => {  // one spring per linked pair, stiffer with more events
        const [p, q] = key.split("\u0000"), a = nodes[idx[p]], b = nodes[idx[q]];
        let dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        const f = ((d * d) / k) * (0.5 + 0.15 * Math.log(1 + links[key]));
        a.dx -= (dx / d) * f; a.dy -= (dy / d) * f; b.dx += (dx / d) * f; b.dy += (dy / d) * f;
      });
      nodes.forEach((n) => {
        n.dx += (W / 2 - n.x) * 0.02; n.dy += (H / 2 - n.y) * 0.02; // gravity keeps components together
        const d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) || 1;
        n.x = Math.min(W - 30, Math.max(30, n.x + (n.dx / d) * Math.min(d, t)));
        // room above the top nodes for their labels (radius up to 14 + the label's height)
        n.y = Math.min(H - 15, Math.max(32, n.y + (n.dy / d) * Math.min(d, t)));
      });
    }
    const s = svg(container, W, H, "network-svg");
    const defs = el("defs", {}, s);
    CATEGORIES.forEach((c) => {
      const m = el("marker", { id: "arrow-" + c, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6,
        orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0 0L10 5L0 10z", fill: color(c) }, m);
    });
    const maxN = edges.reduce((m, e) => Math.max(m, e.n), 1);
    const maxDeg = nodes.reduce((m, n) => Math.max(m, n.n), 1);
    const radius = (n) => 4 + 10 * Math.sqrt(n.n / maxDeg);
    const lines = el("g", { class: "edges" }, s);
    const pairs = {};
    edges.forEach((e) => {
      const a = nodes[idx[e.source]], b = nodes[idx[e.target]];
      const key = e.source + "\u0000" + e.target;
      const nth = (pairs[key] = (pairs[key] || 0) + 1) - 1; // parallel edges curve apart
      let path;
      if (a === b) {
        const r = radius(a);
        path = "M" + (a.x - r) + " " + a.y + "C" + (a.x - 30) + " " + (a.y - 40 - 8 * nth) + " " + (a.x + 30) + " " +
          (a.y - 40 - 8 * nth) + " " + (a.x + r) + " " + a.y;
      } else {
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
        const rb = radius(b), ex = b.x - (dx / d) * rb, ey = b.y - (dy / d) * rb;
        const bend = 12 + 10 * nth;
        const mx = (a.x + ex) / 2 - (dy / d) * bend, my = (a.y + ey) / 2 + (dx / d) * bend;
        path = "M" + a.x.toFixed(1) + " " + a.y.toFixed(1) + "Q" + mx.toFixed(1) + " " + my.toFixed(1) + " " +
          ex.toFixed(1) + " " + ey.toFixed(1);
      }
      const line = el("path", { d: path, class: "edge", stroke: color(e.category), "stroke-width": 1 + 3 * (e.n / maxN),
        fill: "none", "marker-end": "url(#arrow-" + e.category + ")", "data-category": e.category }, lines);
      tip(line, e.source + " → " + e.target + ": " + e.n + " " + e.category);
    });
    const g = el("g", { class: "nodes" }, s);
    nodes.forEach((n) => {
      const c = el("circle", { cx: n.x, cy: n.y, r: radius(n), class: "node" }, g);
      tip(c, n.id + ": " + n.n + " event" + (n.n === 1 ? "" : "s"));
      text(g, n.x, n.y - radius(n) - 3, n.id.length > 24 ? n.id.slice(0, 23) + "…" : n.id, { class: "label", "text-anchor": "middle" });
    });
  }

  function legend(container, present) {
    container.textContent = "";
    CATEGORIES.filter((c) => !present || present[c]).forEach((c) => {
      const item = document.createElement("span");
      item.className = "legend-item";
      const sw = el("svg", { width: 12, height: 12, class: "swatch" });
      el("rect", { width: 12, height: 12, fill: color(c) }, sw);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(" " + c + (present ? " " + present[c] : "")));
      container.appendChild(item);
    });
  }

  return { timeline: timeline, map: map, network: network, legend: legend, color: color, CATEGORIES: CATEGORIES };
})();
