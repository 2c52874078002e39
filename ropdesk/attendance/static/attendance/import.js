// Follow an import: poll its progress every second and reload the page when it is finished.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true" || !window.fetch) return;
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        box.querySelector("[data-status]").textContent = state.status_label;
        var percent = box.querySelector("[data-percent]");
        if (percent) percent.textContent = state.percent;
        if (bar) bar.value = state.percent;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
