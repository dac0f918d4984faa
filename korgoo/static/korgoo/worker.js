/* Korgoo's worker pages work without this file; with it:
   - quick exit leaves at once and takes this page out of the browser's history (the link alone
     goes through the same address, one history step more);
   - the receipt can be copied with one tap, as one line of digits. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var exit = event.target.closest("a[data-quick-exit]");
    if (exit) {
      event.preventDefault();
      try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* nothing kept */ }
      window.location.replace(exit.href);
      return;
    }
    var copy = event.target.closest("button[data-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = copy.getAttribute("data-copied");
      });
    }
  });
  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) { button.hidden = false; });
  }
})();
