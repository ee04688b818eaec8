// The warning before a logged-in session ends after inactivity (ivh.accounts.sessions).
// The server decides when the session ends; this script only warns in time and offers
// "Blijf ingelogd". Reads from #sessie-waarschuwing: data-remaining (seconds left when the page
// was made), data-warning (seconds before the end to warn), data-status-url (GET, does not count
// as activity) and data-extend-url (POST, counts as activity).
(function () {
  "use strict";
  var box = document.getElementById("sessie-waarschuwing");
  if (!box || !window.fetch) { return; }
  var warning = parseInt(box.dataset.warning, 10) || 300;
  var countdown = box.querySelector("[data-sessie-aftellen]");
  var form = box.querySelector("[data-sessie-verlengen]");
  var endsAt = 0;
  var timer = null;
  var ticker = null;

  function now() { return Date.now() / 1000; }

  function schedule(remaining) {
    endsAt = now() + remaining;
    window.clearTimeout(timer);
    // Ask the server again shortly before the warning: another tab may have kept it alive.
    timer = window.setTimeout(check, Math.max(remaining - warning, 0) * 1000);
  }

  function leave() {
    // A fresh GET of this page: the server has ended the session and shows the login page.
    window.location.assign(window.location.href);
  }

  // Not followed: a session that has ended answers with a redirect to the login page, and
  // following it here would use up the message that page shows after the reload.
  function answer(response) {
    if (response.type === "opaqueredirect" || !response.ok) { return null; }
    return response.json();
  }

  function check() {
    window.fetch(box.dataset.statusUrl, {
      credentials: "same-origin",
      redirect: "manual",
      headers: {"Accept": "application/json"}
    })
      .then(answer)
      .then(function (data) {
        if (!data || data.remaining <= 0) { leave(); return; }
        if (data.remaining > warning) { hide(); schedule(data.remaining); return; }
        endsAt = now() + data.remaining;
        show();
      })
      .catch(function () { show(); });
  }

  function tick() {
    var left = Math.max(Math.round(endsAt - now()), 0);
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 0) { window.clearInterval(ticker); check(); }
  }

  function show() {
    if (box.classList.contains("d-none")) {
      box.classList.remove("d-none");
      var button = box.querySelector("button");
      if (button) { button.focus(); }
    }
    window.clearInterval(ticker);
    tick();
    ticker = window.setInterval(tick, 1000);
  }

  function hide() {
    window.clearInterval(ticker);
    box.classList.add("d-none");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(box.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {"Accept": "application/json"},
      body: new FormData(form)
    })
      .then(answer)
      .then(function (data) {
        if (!data || data.remaining <= 0) { leave(); return; }
        hide();
        schedule(data.remaining);
      })
      .catch(leave);
  });

  schedule(parseInt(box.dataset.remaining, 10) || 0);
})();
