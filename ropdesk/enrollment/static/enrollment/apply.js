// The apply form, enhanced: choosing a course fills its section menu at once. Without this
// script the form's "Show this course's sections" buttons send the form back with the menus
// filled (enrollment/views/public.py:apply), so the form works either way.
(function () {
  "use strict";
  var form = document.querySelector("form[data-sections-url]");
  if (!form) return;
  var url = form.getAttribute("data-sections-url");
  form.querySelectorAll("select[name^='choice_']").forEach(function (course) {
    var place = course.name.split("_")[1];
    var sections = form.querySelector("select[name='section_" + place + "']");
    if (!sections) return;
    course.addEventListener("change", function () {
      fetch(url + "?course=" + encodeURIComponent(course.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (options) { sections.innerHTML = options; })
        .catch(function () { /* the button below still works */ });
    });
  });
  form.querySelectorAll(".show-sections").forEach(function (button) { button.hidden = true; });
})();
