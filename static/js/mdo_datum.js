// MDO planning form: warn as soon as the chosen date is a weekend day or a Dutch public
// holiday (the holidays on weekdays come from the server's working-day calendar). Only a
// warning: the form can still be sent, and the server warns again after saving. The form
// works without this script.
(function () {
  "use strict";
  var input = document.getElementById("id_datum");
  var box = document.getElementById("datum-waarschuwing");
  if (!input || !box || !box.dataset.tekst) { return; }
  var feestdagen = JSON.parse(input.dataset.feestdagen || "{}");
  var weekday = new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
    weekday: "long", timeZone: "UTC"
  });
  function check() {
    var value = input.value;  // yyyy-mm-dd
    var reden = null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var day = new Date(value + "T12:00:00Z");
      if (feestdagen[value]) {
        reden = feestdagen[value];
      } else if (day.getUTCDay() === 0 || day.getUTCDay() === 6) {
        reden = weekday.format(day);
      }
    }
    box.textContent = reden ? box.dataset.tekst.replace("{reden}", reden) : "";
    box.hidden = !reden;
  }
  input.addEventListener("change", check);
  input.addEventListener("input", check);
})();
