// The owner's panel: the Copy button of a link just generated. Without script the button stays hidden and the
// read-only field is there to select; with it, the Clipboard API copies and a live region says so.
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field || !status || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          status.textContent = button.getAttribute("data-copied");
        }, function () {
          // Refused (permissions): leave the field selected so the owner can copy it by hand.
          field.select();
          status.textContent = button.getAttribute("data-copy-failed");
        });
      });
    });
    document.querySelectorAll("input[readonly][data-select]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  // The layout loads scripts in the head, undeferred: wait for the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
