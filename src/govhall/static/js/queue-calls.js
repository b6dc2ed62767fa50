// Hall calling screen (叫号屏): listens to the hall's event stream and shows each call large, adds it to the recent
// calls and reads it aloud where the browser can speak; each `waiting` event updates the people waiting per group.
// The server ends each stream after a short while and EventSource reconnects by itself (sending the last event id).
// Without JavaScript the page refreshes itself (the counts with it).
(function () {
  "use strict";
  var main = document.querySelector("[data-call-stream]");
  if (!main || !window.EventSource) { return; }
  var current = main.querySelector("[data-current]");
  var recent = main.querySelector("[data-recent]");
  var KEEP = 8;
  function speak(text) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) { return; }
    var words = new window.SpeechSynthesisUtterance(text);
    words.lang = "zh-CN";
    window.speechSynthesis.speak(words);
  }
  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }
  function show(call) {
    current.textContent = call.text;
    var empty = recent.querySelector("[data-empty]");
    if (empty) { empty.remove(); }
    var row = document.createElement("tr");
    row.appendChild(cell(call.number));
    row.appendChild(cell(call.window + " 号"));
    row.appendChild(cell(call.at));
    recent.insertBefore(row, recent.firstChild);
    while (recent.children.length > KEEP) { recent.removeChild(recent.lastChild); }
    speak(call.text);
  }
  function waiting(counts) {
    counts.groups.forEach(function (group) {
      var count = main.querySelector("[data-group='" + Number(group.group) + "'] [data-waiting]");
      if (count) { count.textContent = group.text; }
    });
  }
  var source = new window.EventSource(main.getAttribute("data-call-stream"));
  source.addEventListener("call", function (event) {
    try { show(JSON.parse(event.data)); } catch (ignored) { /* a malformed event is skipped */ }
  });
  source.addEventListener("waiting", function (event) {
    try { waiting(JSON.parse(event.data)); } catch (ignored) { /* a malformed event is skipped */ }
  });
  main.setAttribute("data-live", "true");
})();
