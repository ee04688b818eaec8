// Public registration form: send the form once (a second click while sending does nothing).
// Works without this script too.
(function () {
  "use strict";
  var form = document.getElementById("aanmeldformulier");
  if (!form) { return; }
  document.documentElement.classList.add("js");
  form.addEventListener("submit", function (event) {
    if (form.dataset.verstuurd === "ja") { event.preventDefault(); return; }
    form.dataset.verstuurd = "ja";
    var button = form.querySelector("[data-eenmalig]");
    if (button) { button.setAttribute("aria-disabled", "true"); button.classList.add("disabled"); }
  });
})();
