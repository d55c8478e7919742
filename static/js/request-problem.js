/* What htmx does not swap, said in the page (docs/htmx.md). An htmx request answered 403, 404,
 * 429 or 5xx swaps nothing (base.html's responseHandling), and one that never reached the server
 * has no answer at all: without this a refused navigation, rebuild or decision does nothing
 * visible. One handler for every page writes a short line into base.html's live region,
 * #request-problem. (The console's saver sends with fetch and says its own refusals.)
 */
(function () {
  "use strict";

  const SHORT = 200;

  let sayer = null; // the element whose request the line is about

  function say(text, source) {
    const region = document.getElementById("request-problem");
    if (!region) return;
    sayer = text ? source || null : null;
    if (!text) { region.replaceChildren(); return; }
    // A poll failing every few seconds would otherwise be announced every few seconds.
    if (region.textContent === text) return;
    const line = document.createElement("p");
    line.textContent = text;
    region.replaceChildren(line);
  }

  // A short plain-text answer ("Try again in 30 s.") says more than its bare
  // status; a page (Django's 404, a server error page) is never shown as text.
  function describe(xhr) {
    const text = (xhr.responseText || "").trim();
    if (text && text.length <= SHORT && !/[<>]/.test(text)) return "Not done: " + text;
    const status = xhr.status + (xhr.statusText ? " " + xhr.statusText : "");
    return "Not done: the server answered " + status + ".";
  }

  document.addEventListener("htmx:responseError", (event) => {
    say(describe(event.detail.xhr), event.detail.elt);
  });
  document.addEventListener("htmx:sendError", (event) => {
    say("Not done: the server could not be reached. Check the connection and try again.", event.detail.elt);
  });
  // The same element's request answered at last (a poll after an outage): the line is over.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful && sayer && event.detail.elt === sayer) say("");
  });
  // A person's own next request (a click, a submit) starts afresh; a poll, which has no
  // triggering event, leaves the line for them to read.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const config = event.detail.requestConfig;
    if (config && config.triggeringEvent) say("");
  });
})();
