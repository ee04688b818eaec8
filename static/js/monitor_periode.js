// Monitor period form: show only the choices that belong to the chosen kind of period
// (half-year: the half; quarter: the quarter; "zelf kiezen": from–to). Without this script
// every choice stays visible and the server reads only the ones that belong to the kind.
(function () {
  "use strict";
  var soort = document.getElementById("id_soort");
  if (!soort) { return; }
  var velden = {
    helft: ["halfjaar"],
    kwartaal: ["kwartaal"],
    van: ["aangepast"],
    tot: ["aangepast"]
  };
  function toon() {
    Object.keys(velden).forEach(function (naam) {
      var veld = document.getElementById("id_" + naam);
      var blok = veld && veld.closest("[data-periode-veld]");
      if (blok) { blok.hidden = velden[naam].indexOf(soort.value) === -1; }
    });
  }
  soort.addEventListener("change", toon);
  toon();
})();
