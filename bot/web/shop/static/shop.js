// Sends the Segment events the server listed for this page to the events API, for this browser's own
// session (the cookie goes with the request; the API fills in the ids), and submits filter forms on change.
(function () {
  "use strict";
  var listed = document.getElementById("outfitter-events");
  var calls = listed ? JSON.parse(listed.textContent) : [];
  if (calls.length) {
    var now = new Date().toISOString();
    calls.forEach(function (call) { call.timestamp = call.timestamp || now; });
    fetch("/api/events", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: {"Content-Type": "application/json"}, body: JSON.stringify({batch: calls})
    }).then(function (response) {
      document.documentElement.dataset.eventsSent = response.ok ? "ok" : "refused";
    }, function () {
      document.documentElement.dataset.eventsSent = "failed";
    });
  } else {
    document.documentElement.dataset.eventsSent = "none";
  }
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });
})();
