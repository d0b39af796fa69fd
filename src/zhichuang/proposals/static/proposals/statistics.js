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
    grid: { left: horizontal ? 124 : 40, right: 16, top: 32, bottom: 28 },
    // Across, a long name (an industry of GB/T 4754) breaks onto a second line instead of squeezing the bars.
    [horizontal ? "yAxis" : "xAxis"]: {
      type: "category",
      data: categories,
      inverse: !!horizontal,
      axisLabel: horizontal ? { width: 112, overflow: "break", lineHeight: 13 } : {},
    },
    [horizontal ? "xAxis" : "yAxis"]: { type: "value", minInterval: 1, splitNumber: horizontal ? 3 : 5 },
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
      // Six kinds do not fit as outside labels in a phone-width card: a legend below, on as many rows as it
      // needs (a paged one hid half the kinds behind "1/2" and cut their names).
      legend: { type: "plain", bottom: 0, left: "center", itemGap: 12 },
      series: [{ type: "pie", radius: ["26%", "52%"], center: ["50%", "38%"], label: { show: false }, data: data.kinds }],
    },
    // Across, so that every district's name shows (upright, a phone's width named 4 of 8).
    district: bars(
      data.districts,
      [
        { name: data.labels.submitted, type: "bar", data: data.district_submitted },
        { name: data.labels.adopted, type: "bar", data: data.district_adopted },
      ],
      true,
    ),
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
