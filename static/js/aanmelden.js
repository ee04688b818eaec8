// Public registration form: show the professional's fields only for professionals, and send
// the form once (a second click while sending does nothing). Works without this script too.
(function () {
  "use strict";
  var form = document.getElementById("aanmeldformulier");
  if (!form) { return; }
  document.documentElement.classList.add("js");
  var section = document.getElementById("professional-velden");
  function toggle() {
    var checked = form.querySelector('input[name="kanaal"]:checked');
    section.hidden = !(checked && checked.value === "professional");
  }
  form.querySelectorAll('input[name="kanaal"]').forEach(function (input) {
    input.addEventListener("change", toggle);
  });
  toggle();
  form.addEventListener("submit", function (event) {
    if (form.dataset.verstuurd === "ja") { event.preventDefault(); return; }
    form.dataset.verstuurd = "ja";
    var button = form.querySelector("[data-eenmalig]");
    if (button) { button.setAttribute("aria-disabled", "true"); button.classList.add("disabled"); }
  });
})();
