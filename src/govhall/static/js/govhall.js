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
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "item", formatter: function (p) { return p.name; } },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "value", scale: true, name: "经度", axisLabel: { formatter: "{value}°" } },
      yAxis: { type: "value", scale: true, name: "纬度", axisLabel: { formatter: "{value}°" } },
      series: [{ type: "scatter", symbolSize: 16, data: points, itemStyle: { color: "#0b5cad" },
        label: { show: true, position: "right", formatter: function (p) { return p.name; } } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawHallMap);
  } else {
    drawHallMap();
  }
})();
