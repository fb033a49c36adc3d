/* The export progress page (admin/job_progress.html): polls the job's status as JSON until it
   is done (then shows the download link) or failed (then the message). */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress-bar");
  var state = document.getElementById("job-state");
  var link = document.getElementById("job-download");
  var error = document.getElementById("job-error");

  function show(s) {
    bar.style.width = s.progress + "%";
    bar.setAttribute("aria-valuenow", s.progress);
    bar.textContent = s.progress + "%";
    state.textContent = s.state_label;
    if (s.state === "done") {
      link.href = s.download;
      link.classList.remove("d-none");
      return false;
    }
    if (s.state === "failed") {
      error.textContent = s.message;
      error.classList.remove("d-none");
      return false;
    }
    return true;
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), {credentials: "same-origin",
                                                headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (s) { if (show(s)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
