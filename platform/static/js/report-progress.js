/* A report being built: poll its status (JSON) every 2 seconds, move the progress bar,
   reload the page when the report is ready or failed. The element with data-status-url
   holds the bar (#report-progress-bar), its text (#report-progress-text) and the status
   (#report-status-text). No outside host, no library. */
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url][data-in-progress]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("report-progress-bar");
  var text = document.getElementById("report-progress-text");
  var label = document.getElementById("report-status-text");
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (bar) { bar.value = data.progress; }
        if (text) { text.textContent = data.progress + "%"; }
        if (label) { label.textContent = data.status_display; }
        if (data.status === "ready" || data.status === "failed") { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
