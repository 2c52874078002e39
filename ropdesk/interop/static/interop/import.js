// Follow a OneRoster import: poll its progress and reload the page when it is finished.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true" || !window.fetch) return;
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        box.querySelector("[data-status]").textContent = state.status_label;
        box.querySelector("[data-step]").textContent = state.step;
        box.querySelector("[data-percent]").textContent = state.percent;
        box.querySelector("progress").value = state.percent;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
