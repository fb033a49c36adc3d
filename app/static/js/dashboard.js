/* Dashboard charts; data comes from data- attributes so no inline script is needed. */
(function () {
  var canvas = document.getElementById("capaian-chart");
  if (!canvas || !window.Chart) { return; }
  var values = JSON.parse(canvas.dataset.values);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: JSON.parse(canvas.dataset.labels),
      datasets: [{
        label: canvas.dataset.label,
        data: values,
        backgroundColor: values.map(function (v) { return v >= 91 ? "#28a745" : v >= 76 ? "#17a2b8" : v >= 66 ? "#ffc107" : "#dc3545"; })
      }]
    },
    options: { maintainAspectRatio: false, indexAxis: "y", scales: { x: { beginAtZero: true } } }
  });
})();
