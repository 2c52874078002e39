// "Copy the link" for private links (the complaint receipt): shown only where the browser
// can copy; without this script the link is still there to select, and wraps on a phone.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var done = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.getAttribute("href") || source.textContent).then(
        function () { if (done) done.textContent = button.getAttribute("data-copied"); }
      );
    });
  });
})();
