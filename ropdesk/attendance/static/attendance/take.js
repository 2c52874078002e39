// The attendance sheet: each tap sends one student's mark and redraws that row in place, so
// two people taking the same meeting never send each other's students. Without JavaScript
// (or if a request fails) the forms post normally and the page reloads at the row.
(function () {
  "use strict";
  var sheet = document.querySelector("[data-sheet]");
  if (!sheet || !window.fetch || !window.FormData) return;
  var announcer = document.getElementById("mark-announcer");

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock() { var now = new Date(); return pad(now.getHours()) + ":" + pad(now.getMinutes()); }

  function recount() {
    var counts = {};
    sheet.querySelectorAll("[data-row]").forEach(function (row) {
      counts[row.dataset.group] = (counts[row.dataset.group] || 0) + 1;
    });
    document.querySelectorAll("[data-count]").forEach(function (el) {
      el.textContent = counts[el.dataset.count] || 0;
    });
    var rest = document.querySelector("[data-rest-present]");
    if (rest && !counts.not_recorded) rest.hidden = true;
  }

  // Tardy and Left early take the time now, while the field still holds the page's suggestion.
  sheet.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=mark]");
    if (!button) return;
    var field = button.value === "tardy" ? button.form.elements.arrived
      : button.value === "left_early" ? button.form.elements.departed : null;
    if (field && field.hasAttribute("data-suggested") && field.value === field.defaultValue) {
      field.value = clock();
    }
  });

  sheet.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-mark]");
    if (!form || form.dataset.plain) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    var body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    var row = form.closest("[data-row]");
    row.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Ropdesk-Fragment": "row" },
    }).then(function (response) {
      if (!response.ok && response.status !== 422) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("template");
      holder.innerHTML = html.trim();
      var fresh = holder.content.firstElementChild;
      if (!fresh || !fresh.matches("[data-row]")) throw new Error("not a row");
      row.replaceWith(fresh);
      if (submitter) {
        var again = fresh.querySelector(
          'button[name="' + submitter.name + '"][value="' + submitter.value + '"]');
        if (again) again.focus();
      }
      if (announcer) announcer.textContent = fresh.dataset.announce || "";
      recount();
    }).catch(function () {
      // Post the plain form instead: the server answers with the whole page.
      form.dataset.plain = "1";
      if (submitter && submitter.name) {
        var keep = document.createElement("input");
        keep.type = "hidden"; keep.name = submitter.name; keep.value = submitter.value;
        form.appendChild(keep);
      }
      form.submit();
    });
  });
})();
