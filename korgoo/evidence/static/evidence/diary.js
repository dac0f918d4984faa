/* The work diary on a poor connection.
 *
 * The form is sent with fetch and kept in memory (never on the phone: no storage of any kind). If
 * the network drops, the very same form is sent again, with the same entry key, until the server
 * answers; the server saves an entry once per key, so a retry never makes a second entry. When the
 * server refuses the form (a mistake in it), the browser sends it the ordinary way and the page
 * comes back with the mistakes marked. Without this script the form works the ordinary way.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-diary-form]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-testid='diary-status']");
  var button = form.querySelector("button[type='submit']");
  var pending = null;
  var timer = null;
  var delay = 2000;

  function say(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function sendTheOrdinaryWay() {
    pending = null;
    form.setAttribute("data-native", "1");
    HTMLFormElement.prototype.submit.call(form);
  }

  function retryLater() {
    say(form.getAttribute("data-offline"));
    timer = window.setTimeout(attempt, delay);
    delay = Math.min(delay * 2, 30000);
  }

  function attempt() {
    if (!pending) {
      return;
    }
    timer = null;
    say(form.getAttribute("data-sending"));
    fetch(form.action, {
      method: "POST",
      body: pending,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-Korgoo-Fetch": "1" }
    }).then(function (response) {
      if (response.status >= 500 || response.status === 429) {
        retryLater();
        return;
      }
      response.json().then(function (body) {
        if (body && body.next && (response.ok || response.status === 401)) {
          pending = null;
          say(form.getAttribute("data-saved"));
          window.location.assign(body.next);
        } else {
          sendTheOrdinaryWay();
        }
      }, sendTheOrdinaryWay);
    }, retryLater);
  }

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-native")) {
      return;
    }
    event.preventDefault();
    if (pending) {
      return;
    }
    pending = new FormData(form);
    button.disabled = true;
    delay = 2000;
    attempt();
  });

  window.addEventListener("online", function () {
    if (pending && timer) {
      window.clearTimeout(timer);
      attempt();
    }
  });
})();
