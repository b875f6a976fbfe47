// Line and point charts drawn by uPlot (vendored, see vendor/uplot.LICENSE): one x axis, one series per
// thing followed, gaps where a series has no value. Each chart element records how many points it shows
// (data-points) so a test, or a curious user, can tell it is growing.
"use strict";

const charts = (() => {
  // Category10, the palette the reports' plots use, so a trial has one colour everywhere.
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const drawn = new Map();

  // Draws (or redraws) a chart in element `id`: xs is the x values, series [{label, values (one per x, null for none)}].
  // `points` draws dots only (fold accuracies), otherwise lines with dots.
  function draw(id, xLabel, yLabel, xs, series, points) {
    const element = document.getElementById(id);
    const old = drawn.get(id);
    if (old) old.destroy();
    element.dataset.points = String(series.reduce((n, s) => n + s.values.filter(v => v != null).length, 0));
    element.dataset.series = String(series.length);
    const width = Math.max(320, Math.min(element.clientWidth || 900, 1100));
    const chart = new uPlot({
      width, height: 300,
      scales: { x: { time: false } },
      // Folds and epochs are whole numbers: no tick between them.
      axes: [{ label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { label: yLabel, size: 60 }],
      series: [{ label: xLabel }].concat(series.map((s, i) => ({
        label: s.label,
        stroke: palette[i % palette.length],
        width: points ? 0 : 2,
        paths: points ? () => null : undefined,
        points: { show: true, size: points ? 8 : 5, fill: palette[i % palette.length] },
        spanGaps: !points,
      }))),
    }, [xs].concat(series.map(s => s.values)), element);
    drawn.set(id, chart);
  }

  return { draw };
})();
