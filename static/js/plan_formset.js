// Plan form: "Nog een doel" / "Nog een actie" add an empty row in the page (a copy of the
// formset's empty form) instead of sending the form. Without this script the same buttons send
// the form and the server shows it again with one row more; nothing is saved until "Plan
// opslaan".
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (fieldset) {
    var prefix = fieldset.getAttribute("data-formset");
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = fieldset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var rows = fieldset.querySelector("[data-formset-rows]");
    var template = fieldset.querySelector("template[data-formset-template]");
    var button = fieldset.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !button) { return; }
    // A plain button now: Enter in a field saves the plan, as in any form.
    button.type = "button";
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      if (max && index >= parseInt(max.value, 10)) { return; }
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var row = rows.lastElementChild;
      var first = row && row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
