// 扫码登录: while the QR code waits, ask its state every two seconds; once the phone confirmed it, send the sign-in
// form; when it has expired, say so. Without JavaScript the form's button does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-qr-poll]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-qr-poll");
  var form = box.querySelector("[data-qr-finish]");
  var note = box.querySelector("[data-qr-note]");
  var state = box.querySelector("[data-qr-state]");
  var image = box.querySelector("img");
  if (!form) { return; }
  var done = false;
  function say(text) { if (state) { state.textContent = text; } }  // announced (aria-live)
  function count(text) { if (note) { note.textContent = text; } }  // the countdown: shown, not announced
  function ask() {
    if (done) { return; }
    window.fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(ask, 4000); return; }
        if (data.state === "confirmed") {
          done = true;
          say(box.getAttribute("data-confirmed-text"));
          form.submit();
          return;
        }
        if (data.state !== "pending") {
          done = true;
          say(box.getAttribute("data-expired-text"));
          count("");
          if (image) { image.classList.add("qr-expired"); }
          return;
        }
        var left = box.getAttribute("data-left-text");
        if (left && typeof data.seconds_left === "number") { count(left.replace("%s", String(data.seconds_left))); }
        window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 4000); });
  }
  window.setTimeout(ask, 2000);
})();
