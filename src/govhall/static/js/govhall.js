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

  function drawHallMap() {
    var box = document.getElementById("hall-map");
    var data = document.getElementById("hall-map-data");
    if (!box || !data || !window.echarts) { return; }
    var points = JSON.parse(data.textContent);
    if (!Array.isArray(points)) { return; }
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    // ECharts' generated description of a scatter chart reads its coordinates as "NaN"; say what the map shows
    // instead, starting from the label the page gives the box (translated there).
    var names = points.map(function (p) { return p.name; });
    var description = (box.getAttribute("aria-label") || "") + (names.length ? "：" + names.join("、") : "");
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    chart.setOption({
      animation: !still,
      aria: { enabled: true, label: { description: description } },
      tooltip: { trigger: "item", formatter: function (p) { return p.name; } },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      // The margins keep the outermost halls' names (written above their points) inside the chart, on phones too.
      xAxis: { type: "value", scale: true, boundaryGap: ["20%", "20%"], name: "经度", axisLabel: { formatter: "{value}°", hideOverlap: true } },
      yAxis: { type: "value", scale: true, boundaryGap: ["10%", "20%"], name: "纬度", axisLabel: { formatter: "{value}°" } },
      series: [{ type: "scatter", symbolSize: 16, data: points, itemStyle: { color: "#0b5cad" },
        label: { show: true, position: "top", formatter: function (p) { return p.name; } } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
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
