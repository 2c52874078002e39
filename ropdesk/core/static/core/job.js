// Follow an import job: fetch its progress partial every second and put it in place, until
// the answer says the job is finished (the partial then shows the result or the errors).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true" || !window.fetch) return;
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) {
        var finished = response.headers.get("X-Job-Finished") === "true";
        return response.text().then(function (html) {
          box.innerHTML = html;
          if (finished) { box.dataset.finished = "true"; } else { window.setTimeout(poll, 1000); }
        });
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
