// 亮证 page: counts down to the showing's end and greys the QR code out when it has expired (the server refuses it
// from then on whatever this page shows).
(function () {
  "use strict";
  var box = document.querySelector("[data-expires]");
  if (!box) { return; }
  var expires = Date.parse(box.getAttribute("data-expires"));
  var out = box.querySelector("[data-countdown]");
  function tick() {
    var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    out.textContent = left > 0
      ? out.getAttribute("data-left") + " " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds
      : out.getAttribute("data-done");
    if (left <= 0) { box.classList.add("showing-expired"); return; }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
