// GovHall page behaviour. Loaded as a file (no inline scripts: the content security policy forbids them).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.body.classList.add("js");

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { window.print(); }
  });

  // Details open when printing, so the printed guide carries every answer.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });

  var locate = document.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById("id_lat").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_lng").value = position.coords.longitude.toFixed(6);
        locate.form.submit();
      });
    });
  } else if (locate) {
    locate.hidden = true;
  }

  // The service map: the halls on the district's boundary (an offline GeoJSON, static/geo, registered with ECharts),
  // green when open now, grey when not, with the distance when the person gave a location; a plain longitude/latitude
  // scatter if the boundary cannot be loaded.
  function hallMapOption(box, map, boundary) {
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var openLabel = box.getAttribute("data-open-label") || "";
    var closedLabel = box.getAttribute("data-closed-label") || "";
    var km = box.getAttribute("data-km-label") || "km";
    var points = map.halls.map(function (hall) {
      return { name: hall.name, value: hall.value, open: hall.open, status: hall.status, km: hall.km,
        itemStyle: { color: hall.open ? "#1a7f37" : "#6e7781" } };
    });
    // ECharts' generated description reads coordinates as "NaN"; say what the map shows instead.
    var names = points.map(function (p) { return p.name + "（" + (p.open ? openLabel : closedLabel) + "）"; });
    var description = (box.getAttribute("aria-label") || "") + (names.length ? "：" + names.join("、") : "");
    var tip = function (p) {
      var data = p.data || {};
      var text = p.name + (data.status ? "<br>" + data.status : "");
      return data.km !== null && data.km !== undefined ? text + "<br>" + data.km + " " + km : text;
    };
    var label = { show: true, position: "top", formatter: function (p) { return p.name; } };
    var series = [{ type: "scatter", symbolSize: 14, data: points, label: label }];
    if (map.you) {
      series.push({ type: "scatter", symbol: "diamond", symbolSize: 16, itemStyle: { color: "#c00" },
        data: [{ name: box.getAttribute("data-you-label") || "", value: map.you }],
        label: { show: true, position: "bottom", formatter: function (p) { return p.name; } } });
    }
    var option = { animation: !still, aria: { enabled: true, label: { description: description } },
      tooltip: { trigger: "item", formatter: tip }, series: series };
    if (!boundary) {
      option.grid = { left: 50, right: 20, top: 20, bottom: 40 };
      option.xAxis = { type: "value", scale: true, boundaryGap: ["20%", "20%"], name: "经度",
        axisLabel: { formatter: "{value}°", hideOverlap: true } };
      option.yAxis = { type: "value", scale: true, boundaryGap: ["10%", "20%"], name: "纬度",
        axisLabel: { formatter: "{value}°" } };
      return option;
    }
    window.echarts.registerMap("govhall-district", boundary);
    option.geo = { map: "govhall-district", roam: true, boundingCoords: districtBounds(boundary, map.district),
      itemStyle: { areaColor: "#eef2f6", borderColor: "#9aa5b1" }, emphasis: { disabled: true },
      label: { show: true, color: "#57606a", fontSize: 11 },
      regions: [{ name: map.district, itemStyle: { areaColor: "#dbe9f7", borderColor: "#0b5cad", borderWidth: 2 },
        label: { show: true, position: "insideTopLeft", color: "#0b5cad", fontWeight: "bold", fontSize: 13 } }] };
    series.forEach(function (s) { s.coordinateSystem = "geo"; });
    return option;
  }
  // The district's bounding box with a margin, so the map opens on it (the neighbours show around it).
  function districtBounds(boundary, name) {
    var minX = 180, minY = 90, maxX = -180, maxY = -90;
    boundary.features.forEach(function (feature) {
      if (feature.properties.name !== name) { return; }
      var polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      polygons.forEach(function (rings) { rings[0].forEach(function (pt) {
        minX = Math.min(minX, pt[0]); maxX = Math.max(maxX, pt[0]); minY = Math.min(minY, pt[1]); maxY = Math.max(maxY, pt[1]);
      }); });
    });
    if (minX > maxX) { return null; }
    var dx = (maxX - minX) * 0.08, dy = (maxY - minY) * 0.08;
    return [[minX - dx, maxY + dy], [maxX + dx, minY - dy]];
  }
  function drawHallMap() {
    var box = document.getElementById("hall-map");
    var data = document.getElementById("hall-map-data");
    if (!box || !data || !window.echarts) { return; }
    var map = JSON.parse(data.textContent);
    if (!map || !Array.isArray(map.halls)) { return; }
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    window.addEventListener("resize", function () { chart.resize(); });
    var url = box.getAttribute("data-geo");
    var plain = function () { chart.setOption(hallMapOption(box, map, null)); box.setAttribute("data-drawn", "scatter"); };
    if (!url || !window.fetch) { plain(); return; }
    window.fetch(url, { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (boundary) {
        chart.setOption(hallMapOption(box, map, boundary));
        box.setAttribute("data-drawn", "district");
      })
      .catch(plain);
  }
  // This file and echarts.min.js are both deferred, and this one comes first: while it runs the document is already
  // "interactive" but ECharts is not loaded yet. Draw once everything deferred has run (DOMContentLoaded), or at load
  // or now if this file ever runs later than that.
  var mapDrawn = false;
  function drawHallMapOnce() {
    if (mapDrawn || !window.echarts) { return; }
    mapDrawn = true;
    drawHallMap();
  }
  document.addEventListener("DOMContentLoaded", drawHallMapOnce);
  window.addEventListener("load", drawHallMapOnce);
  drawHallMapOnce();

  // Application form: fields that belong to one 情形 are hidden while another 情形 is chosen (without JavaScript they
  // all show, each saying which 情形 it is for; the server ignores the others either way).
  function showVariantFields() {
    var select = document.getElementById("id_variant");
    if (!select) { return; }
    var chosen = select.value;
    document.querySelectorAll("[data-variant]").forEach(function (box) {
      var variant = box.getAttribute("data-variant");
      box.hidden = Boolean(variant) && Boolean(chosen) && variant !== chosen;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_variant") { showVariantFields(); }
  });
  document.addEventListener("DOMContentLoaded", showVariantFields);
})();
