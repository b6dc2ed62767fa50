// 自助终端: after KIOSK_IDLE_SECONDS without a touch, a dialog counts down the last KIOSK_COUNTDOWN_SECONDS
// ("xx 秒后返回首页") with 继续; at zero the reset form signs the person out and goes back to the home page. 继续 tells
// the server the person is still there. The server keeps the same rule (kiosk.session), so a page without this script
// still forgets the person.
(function () {
  "use strict";
  var body = document.body;
  if (body.hasAttribute("data-idle-off")) { return; }
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var countdown = parseInt(body.getAttribute("data-countdown-seconds"), 10) || 15;
  var dialog = document.querySelector("[data-idle-dialog]");
  var left = document.querySelector("[data-idle-left]");
  var resetForm = document.querySelector("[data-idle-reset]");
  var keep = document.querySelector("[data-idle-continue]");
  if (!dialog || !resetForm) { return; }
  var quietTimer = null;
  var tickTimer = null;
  var remaining = countdown;
  var lastFocus = null;

  function tick() {
    remaining -= 1;
    if (left) { left.textContent = String(Math.max(remaining, 0)); }
    if (remaining <= 0) {
      window.clearInterval(tickTimer);
      resetForm.submit();
    }
  }
  function showCountdown() {
    remaining = countdown;
    if (left) { left.textContent = String(remaining); }
    lastFocus = document.activeElement;
    dialog.hidden = false;
    if (keep) { keep.focus(); }
    tickTimer = window.setInterval(tick, 1000);
  }
  function restart() {
    if (!dialog.hidden) { return; }
    window.clearTimeout(quietTimer);
    quietTimer = window.setTimeout(showCountdown, Math.max(idle - countdown, 1) * 1000);
  }
  function stayHere() {
    window.clearInterval(tickTimer);
    dialog.hidden = true;
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
    var url = body.getAttribute("data-alive-url");
    if (url && window.fetch) {
      window.fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () { return null; });
    }
    restart();
  }
  if (keep) { keep.addEventListener("click", stayHere); }
  ["pointerdown", "keydown", "touchstart", "input"].forEach(function (name) {
    document.addEventListener(name, restart, { passive: true });
  });
  restart();
})();
