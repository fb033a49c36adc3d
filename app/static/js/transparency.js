/* Charts of the transparency page: every <canvas data-chart="bar"> carries its labels and
   values in data- attributes (so sections need no inline script); the tables beside them
   work without JavaScript. data-max sets the axis maximum; data-bands="capaian" colours by
   the capaian bands. */
(function () {
  if (!window.Chart) { return; }
  function colour(v, bands) {
    if (bands === "capaian") { return v >= 91 ? "#28a745" : v >= 76 ? "#17a2b8" : v >= 66 ? "#ffc107" : "#dc3545"; }
    return v >= 88.31 ? "#28a745" : v >= 76.61 ? "#17a2b8" : v >= 65 ? "#ffc107" : "#dc3545";
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var values = JSON.parse(canvas.dataset.values || "[]");
    var scale = { beginAtZero: true };
    if (canvas.dataset.max) { scale.max = Number(canvas.dataset.max); }
    new window.Chart(canvas, {
      type: canvas.dataset.chart,
      data: {
        labels: JSON.parse(canvas.dataset.labels || "[]"),
        datasets: [{ label: canvas.dataset.label, data: values,
                     backgroundColor: values.map(function (v) { return colour(v, canvas.dataset.bands); }) }]
      },
      options: { maintainAspectRatio: false, indexAxis: "y", scales: { x: scale } }
    });
  });
})();
