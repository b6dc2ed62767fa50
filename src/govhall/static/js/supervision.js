// Supervision charts (效能监察): drawn from the JSON the page carries (json_script), no inline script (strict CSP).
(function () {
  "use strict";
  var drawn = false;
  function still() { return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches; }

  function draw() {
    if (drawn || !window.echarts) { return; }
    var source = document.getElementById("sup-chart-data");
    if (!source) { return; }
    drawn = true;
    var data = JSON.parse(source.textContent);
    var labels = data.labels || {};
    var trendBox = document.getElementById("sup-trend");
    if (trendBox) {
      var trend = window.echarts.init(trendBox, null, { renderer: "svg" });
      trend.setOption({
        animation: !still(),
        aria: { enabled: true, label: { description: trendBox.getAttribute("aria-label") || "" } },
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 48, right: 48, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", min: 0, max: 100 }],
        series: [
          { name: labels.submitted, type: "bar", data: data.submitted, itemStyle: { color: "#0b5cad" } },
          { name: labels.concluded, type: "bar", data: data.concluded, itemStyle: { color: "#5b8fc7" } },
          { name: labels.on_time, type: "line", yAxisIndex: 1, data: data.on_time, itemStyle: { color: "#1a7f37" } },
          { name: labels.good, type: "line", yAxisIndex: 1, data: data.good, itemStyle: { color: "#b35900" } }
        ]
      });
      window.addEventListener("resize", function () { trend.resize(); });
    }
    var rankingBox = document.getElementById("sup-ranking");
    if (rankingBox) {
      var ranking = window.echarts.init(rankingBox, null, { renderer: "svg" });
      var names = (data.departments || []).slice().reverse();
      var values = (data.ranking || []).slice().reverse();
      ranking.setOption({
        animation: !still(),
        aria: { enabled: true, label: { description: (rankingBox.getAttribute("aria-label") || "") + "：" +
          (data.departments || []).map(function (n, i) { return n + " " + data.ranking[i] + "%"; }).join("、") } },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 40, top: 10, bottom: 20, containLabel: true },
        xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: names, axisLabel: { width: 110, overflow: "truncate" } },
        series: [{ name: labels.ranking, type: "bar", data: values, itemStyle: { color: "#1a7f37" },
          label: { show: true, position: "right", formatter: "{c}%" } }]
      });
      window.addEventListener("resize", function () { ranking.resize(); });
    }
  }
  document.addEventListener("DOMContentLoaded", draw);
  window.addEventListener("load", draw);
  draw();
})();
