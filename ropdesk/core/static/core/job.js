// Follow an import job: fetch its progress partial every second and put it in place, until
// the answer says the job is finished (the partial then shows the result or the errors). A box
// marked data-reload-when-done (a report page waiting for its figures) reloads the page when
// the job is done (not when it failed: the partial then says why); one marked data-done-url
// goes to that address then (the page showing the job's result).
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
          if (finished) {
            box.dataset.finished = "true";
            var done = response.headers.get("X-Job-Status") === "done";
            if (done && box.dataset.doneUrl) {
              window.location.assign(box.dataset.doneUrl);
            } else if (done && box.dataset.reloadWhenDone === "true") {
              window.location.reload();
            }
          } else { window.setTimeout(poll, 1000); }
        });
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
