// Charts of the statistics page, drawn with ECharts from the figures the page embeds as JSON.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("stats-chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const colours = ["#c8161d", "#e6a23c", "#2f7d5b", "#3a6ea5", "#8e5ea2", "#6c757d"];
  const bars = (categories, series, horizontal) => ({
    color: colours,
    tooltip: { trigger: "axis", renderMode: "richText" }, // drawn on the canvas: no HTML with style="" (CSP)
    legend: { top: 0 },
    grid: { left: horizontal ? 120 : 40, right: 16, top: 32, bottom: 28 },
    [horizontal ? "yAxis" : "xAxis"]: { type: "category", data: categories, inverse: !!horizontal },
    [horizontal ? "xAxis" : "yAxis"]: { type: "value", minInterval: 1 },
    series,
  });
  const options = {
    month: bars(data.months, [
      { name: data.labels.submitted, type: "bar", data: data.submitted },
      { name: data.labels.adopted, type: "line", data: data.adopted },
      { name: data.labels.implemented, type: "line", data: data.implemented },
    ]),
    kind: {
      color: colours,
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c} ({d}%)" },
      // Six kinds do not fit as outside labels in a phone-width card: a legend below instead.
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", radius: ["30%", "60%"], center: ["50%", "42%"], label: { show: false }, data: data.kinds }],
    },
    district: bars(data.districts, [
      { name: data.labels.submitted, type: "bar", data: data.district_submitted },
      { name: data.labels.adopted, type: "bar", data: data.district_adopted },
    ]),
    industry: bars(data.industries, [{ name: data.labels.submitted, type: "bar", data: data.industry_submitted }], true),
  };
  const charts = [];
  document.querySelectorAll(".zc-chart").forEach((element) => {
    const chart = echarts.init(element);
    chart.setOption(options[element.dataset.chart]);
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
});
