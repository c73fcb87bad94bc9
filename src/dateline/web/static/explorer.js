// Events explorer: fetch the aggregates for the current filters and draw the three charts.
(function () {
  "use strict";
  const C = window.DatelineCharts;
  // the page's own query string, minus empty fields and paging, is the filter for every request
  const params = new URLSearchParams(location.search);
  const filter = new URLSearchParams();
  params.forEach((v, k) => { if (v && k !== "offset") filter.append(k, v); });
  const qs = filter.toString();

  function get(url) {
    return fetch(url + (qs ? (url.includes("?") ? "&" : "?") + qs : ""), { credentials: "same-origin" })
      .then((r) => r.ok ? r.json() : r.json().then((e) => { throw new Error(e.detail || r.statusText); }));
  }
  function note(id, s) { const n = document.getElementById(id); if (n) n.textContent = s; }
  function fail(id) {
    return (err) => {
      const box = document.getElementById(id);
      box.textContent = "";
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = "Could not load: " + err.message;
      box.appendChild(p);
    };
  }

  get("/api/stats").then((stats) => {
    C.timeline(document.getElementById("timeline"), stats);
    C.legend(document.getElementById("legend"), stats.by_category);
    note("timeline-note", stats.total + " events" + (stats.undated ? ", " + stats.undated + " undated" : "") +
      (stats.first_day ? ", " + stats.first_day + " – " + stats.last_day : ""));
  }).catch(fail("timeline"));

  Promise.all([fetch("/static/world.json").then((r) => r.json()), get("/api/map")]).then(([world, data]) => {
    C.map(document.getElementById("map"), world, data.points);
    note("map-note", data.points.length + " place" + (data.points.length === 1 ? "" : "s"));
  }).catch(fail("map"));

  get("/api/network").then((data) => {
    C.network(document.getElementById("network"), data);
    note("network-note", data.nodes.length + " actors, " + data.edges.length + " links");
  }).catch(fail("network"));
})();
