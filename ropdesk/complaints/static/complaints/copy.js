// "Copy the link" for private links (the complaint receipt). Without this script the link is
// still there to select, and wraps on a phone. The clipboard API needs a secure page (HTTPS or
// localhost); elsewhere the link is selected and copied the older way (execCommand).
(function () {
  "use strict";
  function copyBySelecting(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(field);
    return copied;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var done = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) return;
    var clipboard = navigator.clipboard && window.isSecureContext;
    if (!clipboard && !document.queryCommandSupported) return;
    button.hidden = false;
    function said(ok) {
      if (done) done.textContent = button.getAttribute(ok ? "data-copied" : "data-not-copied");
    }
    button.addEventListener("click", function () {
      var text = source.getAttribute("href") || source.textContent;
      if (clipboard) {
        navigator.clipboard.writeText(text).then(
          function () { said(true); },
          function () { said(copyBySelecting(text)); }
        );
      } else {
        said(copyBySelecting(text));
      }
    });
  });
})();
