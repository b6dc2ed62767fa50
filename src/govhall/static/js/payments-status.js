// Pay page: asks the order's status every few seconds while it is waiting for payment and reloads the page when the
// state changes (paid, closed). Without JavaScript the 我已完成支付 button does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-poll");
  var state = box.getAttribute("data-state");
  var note = box.querySelector("[data-poll-note]");
  if (note) { note.hidden = false; }
  var tries = 0;
  function ask() {
    tries += 1;
    if (tries > 360) { return; }  // half an hour: stop asking, the button still works
    window.fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.state !== state) { window.location.reload(); return; }
        window.setTimeout(ask, 5000);
      })
      .catch(function () { window.setTimeout(ask, 10000); });
  }
  window.setTimeout(ask, 5000);
})();
