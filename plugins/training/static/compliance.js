/* The compliance chart; data from data- attributes, no inline script. */
(function () {
  var canvas = document.getElementById("compliance-chart");
  if (!canvas || !window.Chart) { return; }
  var values = JSON.parse(canvas.dataset.values);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: JSON.parse(canvas.dataset.labels),
      datasets: [{
        label: canvas.dataset.label,
        data: values,
        backgroundColor: values.map(function (v) { return v >= 90 ? "#28a745" : v >= 60 ? "#ffc107" : "#dc3545"; })
      }]
    },
    options: { maintainAspectRatio: false, indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } }
  });
})();
