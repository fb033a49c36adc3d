/* Dashboard: the period selector, the capaian chart (colours from HR's capaian bands, each bar
   a link to the agreements it averages) and counters that refresh themselves every minute from
   the JSON endpoint, so a wall screen stays current. Data come from data- attributes: CSP
   forbids inline scripts. */
(function () {
  var select = document.getElementById("period-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }

  var canvas = document.getElementById("capaian-chart");
  if (canvas && window.Chart) {
    var urls = JSON.parse(canvas.dataset.urls);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: JSON.parse(canvas.dataset.labels),
        datasets: [{
          label: canvas.dataset.label,
          data: JSON.parse(canvas.dataset.values),
          backgroundColor: JSON.parse(canvas.dataset.colors)
        }]
      },
      options: {
        maintainAspectRatio: false, indexAxis: "y", scales: { x: { beginAtZero: true } },
        onClick: function (event, elements) {
          if (elements.length) { window.location.href = urls[elements[0].index]; }
        }
      }
    });
  }

  var live = document.getElementById("dashboard-live");
  if (!live || !window.fetch) { return; }
  var url = live.dataset.countersUrl;
  function refresh() {
    window.fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        Object.keys(data.counts).forEach(function (key) {
          document.querySelectorAll('[data-count="' + key + '"]').forEach(function (el) {
            el.textContent = data.counts[key];
          });
        });
        live.dataset.refreshed = String(Date.now());
      })
      .catch(function () { /* offline for a moment: the next minute tries again */ });
  }
  window.setInterval(refresh, Number(live.dataset.interval || 60000));
})();
