/* The live console: keyboard shortcuts, timers, and saves that are never lost.
 * (One file of ~400 lines: the saver, the shortcuts and the timers share the console's state.)
 *
 * Every control is a real form that works without JavaScript. With it, the level, signals, skip
 * and notes forms say with htmx attributes when they are sent (hx-trigger: a click, a tick, a
 * pause in typing) and a small saver sends them, because htmx neither keeps nor retries a failed
 * send: each part (a question's level, its signals, its notes) keeps the version the server last
 * confirmed and the newest unsaved value. A failed send (offline, 5xx, 429) keeps the value, shows
 * "not saved, retrying" and retries with backoff until it lands; a conflict shows both values and
 * waits for the panelist. Navigation, presence and submitting are plain htmx. Refusals follow
 * docs/htmx.md: a 4xx fragment goes where its HX-Retarget/HX-Reswap headers say.
 */
(function () {
  "use strict";

  const parts = new Map(); // "position:part" -> Part
  const SIGNAL_KEYS = "asdfghjkl";

  function csrfToken() {
    const headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  class Part {
    constructor(form) {
      this.key = form.dataset.position + ":" + form.dataset.part;
      this.part = form.dataset.part;
      this.position = form.dataset.position;
      this.version = parseInt(form.dataset.version, 10) || 0;
      this.pending = null; // {url, fields}
      this.inFlight = false;
      this.unconfirmed = null; // sent, but the answer never came back
      this.retryDelay = 1000;
      this.retryTimer = null;
      this.conflicted = false;
    }

    status(text, state) {
      const element = document.getElementById("status-" + this.part + "-" + this.position);
      if (!element) return;
      element.textContent = text;
      element.dataset.state = state;
    }

    queue(url, fields) {
      this.pending = { url: url, fields: fields };
      this.conflicted = false;
      this.status("Saving…", "saving");
      this.flush();
    }

    async flush() {
      if (this.inFlight || this.conflicted) return;
      // After a failure the exact payload that may have reached the server goes first: if it
      // did, the server answers "already saved" with the version it made, and a newer value
      // follows on that version instead of looking like a conflict with itself.
      const sending = this.unconfirmed || this.pending;
      if (!sending) return;
      clearTimeout(this.retryTimer);
      const body = new URLSearchParams(sending.fields);
      body.set("version", String(this.version));
      // In flight until the answer has been read: a change made meanwhile waits for the version.
      this.inFlight = true;
      let response = null;
      let html = "";
      try {
        response = await fetch(sending.url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
        });
        html = await response.text();
      } catch (networkError) {
        response = null;
      }
      if (response && response.ok) {
        const saved = clientEvents(response)["rating-saved"];
        if (saved) this.version = saved.version;
        this.retryDelay = 1000;
        this.unconfirmed = null;
        this.inFlight = false;
        if (this.pending === sending) {
          this.pending = null;
          this.status("Saved at " + clock(new Date()), "saved");
          afterSave(this, sending);
        }
        this.flush(); // a newer value typed meanwhile goes next, on the new version
        return;
      }
      this.inFlight = false;
      if (response && response.status >= 400 && response.status < 500 && response.status !== 429) {
        this.unconfirmed = null;
        const events = placeFragment(response, html);
        const conflict = events["rating-conflict"];
        if (conflict) {
          this.conflicted = true;
          this.status("Not saved: changed elsewhere", "conflict");
          this.offerKeepMine(conflict);
          return;
        }
        this.status("Not saved", "error");
        if (response.status === 409) {
          this.pending = null; // scoring is closed: a newer value would be refused too
          return;
        }
        if (this.pending === sending) this.pending = null;
        this.flush();
        return;
      }
      // Offline, a server error or rate limited: keep the value and try again.
      this.unconfirmed = sending;
      this.status("Not saved, retrying", "retrying");
      this.retryTimer = setTimeout(() => this.flush(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 15000);
    }

    // The conflict's event names the stored version; "Keep mine" sends this part again on it.
    offerKeepMine(conflict) {
      const holder = document.getElementById("conflicts-" + this.position);
      if (!holder) return;
      holder.querySelectorAll("[data-resolve=mine]").forEach((button) => {
        button.addEventListener("click", () => this.keepMine(conflict.stored_version), { once: true });
      });
    }

    keepMine(version) {
      this.version = version;
      this.conflicted = false;
      const holder = document.getElementById("conflicts-" + this.position);
      if (holder) holder.innerHTML = "";
      this.status("Saving…", "saving");
      this.flush();
    }
  }

  function showProblem(html) {
    const holder = document.getElementById("problems");
    if (holder) holder.innerHTML = html;
  }

  // The saver sends with fetch, so it reads the server's htmx headers itself (docs/htmx.md):
  // HX-Trigger names what happened (the version saved, a conflict), and a refusal's fragment goes
  // where HX-Retarget/HX-Reswap say. The HTML is shown, never read.
  function clientEvents(response) {
    try {
      return JSON.parse(response.headers.get("HX-Trigger") || "{}");
    } catch (notJson) {
      return {};
    }
  }

  function placeFragment(response, html) {
    const selector = response.headers.get("HX-Retarget");
    const target = selector && document.querySelector(selector);
    if (target) htmx.swap(target, html, { swapStyle: response.headers.get("HX-Reswap") || "innerHTML" });
    return clientEvents(response);
  }

  function partFor(form) {
    const key = form.dataset.position + ":" + form.dataset.part;
    if (!parts.has(key)) parts.set(key, new Part(form));
    return parts.get(key);
  }

  function unsaved() {
    for (const part of parts.values()) if (part.pending || part.unconfirmed) return true;
    return false;
  }

  function afterSave(part, sent) {
    if (part.part !== "level") return;
    // A skip clears the level once the server has taken it (a refused skip leaves it as it was).
    if (sent.fields.reason) {
      const anchors = document.querySelector('form.anchors[data-position="' + part.position + '"]');
      if (anchors) markLevel(anchors, null);
    }
    const outline = document.querySelector('[data-outline-state="' + part.position + '"]');
    if (!outline) return;
    outline.textContent = sent.fields.level ? sent.fields.level : "skipped";
  }

  function markLevel(form, level) {
    form.querySelectorAll("button[name=level]").forEach((button) => {
      button.setAttribute("aria-pressed", button.value === String(level) ? "true" : "false");
    });
  }

  // Bonus signals (version trivia, marked data-bonus) never count toward the suggested level:
  // the same rule as ConsoleState.signal_hint on the server.
  function updateHint(form) {
    const levels = Array.from(form.querySelectorAll("input[name=signal]:checked:not([data-bonus])")).map(
      (box) => parseInt(box.dataset.level, 10)
    );
    const hint = form.querySelector("[data-signal-hint]");
    if (!hint) return;
    hint.textContent = levels.length
      ? "The ticked signals point to level " + Math.max.apply(null, levels) +
        ". The rating is yours to choose."
      : "";
  }

  function rate(form, level) {
    markLevel(form, level);
    const skip = document.querySelector('form.skip[data-position="' + form.dataset.position + '"] input[name=reason]');
    if (skip) skip.value = "";
    partFor(form).queue(form.action, { level: String(level) });
  }

  function sendSignals(form) {
    updateHint(form);
    const fields = new URLSearchParams();
    form.querySelectorAll("input[name=signal]:checked").forEach((box) => fields.append("signal", box.value));
    partFor(form).queue(form.action, fields);
  }

  // Notes count as unsaved from the first keystroke; the send waits for a pause in typing (the
  // form's hx-trigger delay), but submitting or going offline and back flushes them at once.
  function noteTyped(form) {
    const part = partFor(form);
    part.pending = { url: form.action, fields: { notes: form.querySelector("textarea").value } };
    part.conflicted = false;
    part.status("Typing…", "saving");
  }

  function sendNotes(form) {
    const part = partFor(form);
    // Typing marks the part pending; a flush (submitting, coming back online) may have sent it
    // before the delayed trigger fires, and then there is nothing left to send.
    if (!part.pending) return;
    part.queue(form.action, { notes: form.querySelector("textarea").value });
  }

  function flushAll() {
    for (const part of parts.values()) part.flush();
  }

  // Submitting waits until every change has reached the server: a note typed a second before
  // pressing Submit is part of the scorecard, not lost to the lock that submitting sets.
  document.addEventListener("htmx:confirm", (event) => {
    const panel = event.target.closest && event.target.closest("#submit-panel");
    if (!panel || !unsaved()) return;
    event.preventDefault();
    flushAll();
    const started = Date.now();
    const wait = setInterval(() => {
      if (!unsaved()) {
        clearInterval(wait);
        event.detail.issueRequest(true);
      } else if (Date.now() - started > 15000) {
        clearInterval(wait);
        showProblem('<p class="problem" role="alert">Some changes are not saved yet ' +
          "(are you offline?). They keep retrying; submit again once they show as saved.</p>");
      }
    }, 100);
  });

  // htmx triggered one of the parts' forms (its hx-trigger): the saver sends it instead of htmx.
  document.addEventListener("htmx:confirm", (event) => {
    const form = event.detail.elt;
    if (!form.dataset || !form.dataset.part) return;
    event.preventDefault();
    if (form.classList.contains("anchors")) {
      const button = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
      if (button && button.name === "level") rate(form, button.value);
    } else if (form.classList.contains("signals")) {
      sendSignals(form);
    } else if (form.classList.contains("notes")) {
      sendNotes(form);
    } else if (form.classList.contains("skip")) {
      // An empty reason goes too: the server refuses it (422) like any other bad value.
      const reason = form.querySelector("input[name=reason]").value.trim();
      partFor(form).queue(form.action, { reason: reason });
    }
  });

  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.classList.contains("notes")) noteTyped(form);
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-help]")) {
      event.preventDefault();
      openHelp();
    }
  });

  function openHelp() {
    const dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Inside the pad's shadow root the event is retargeted to its host: look at the real target.
    const target = event.composedPath ? event.composedPath()[0] : event.target;
    // Keys are shortcuts except while typing or choosing in a form field (a signal box aside)
    // or in the shared pad (an editable element).
    const typing = (target.isContentEditable ||
      (target.matches && target.matches("input, textarea, select"))) &&
      !target.matches("input[name=signal]");
    if (typing) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open) return;
    const workspace = document.getElementById("workspace");
    if (!workspace || document.getElementById("console").dataset.submitted === "1") {
      if (event.key === "?") openHelp();
      return;
    }
    const key = event.key;
    if (key === "?") { openHelp(); event.preventDefault(); return; }
    if ("1234".includes(key) && key.length === 1) {
      const form = workspace.querySelector("form.anchors");
      if (form) { rate(form, key); event.preventDefault(); }
      return;
    }
    if (SIGNAL_KEYS.includes(key) && key.length === 1) {
      const box = workspace.querySelector('input[name=signal][data-key="' + key + '"]');
      if (box) { box.checked = !box.checked; sendSignals(box.form); event.preventDefault(); }
      return;
    }
    const clickNav = (which) => {
      const button = workspace.querySelector('[data-nav="' + which + '"]');
      if (button) { button.click(); event.preventDefault(); }
    };
    if (key === "n") clickNav("next");
    else if (key === "p") clickNav("previous");
    else if (key === "x") { const r = workspace.querySelector("form.skip input[name=reason]"); if (r) { r.focus(); event.preventDefault(); } }
    else if (key === "/") { const t = workspace.querySelector("form.notes textarea"); if (t) { t.focus(); event.preventDefault(); } }
  });

  // A swapped-in question shows the server's stored values; put back anything not yet saved.
  function restorePending(root) {
    root.querySelectorAll("form[data-part]").forEach((form) => {
      const part = parts.get(form.dataset.position + ":" + form.dataset.part);
      if (!part) return;
      // Versions only grow: the newer of the rendered one and the last one confirmed is current.
      const rendered = parseInt(form.dataset.version, 10) || 0;
      part.version = Math.max(part.version, rendered);
      if (!part.pending) return;
      const fields = new URLSearchParams(part.pending.fields);
      if (form.classList.contains("notes")) form.querySelector("textarea").value = fields.get("notes");
      if (form.classList.contains("anchors") && fields.get("level")) markLevel(form, fields.get("level"));
      if (form.classList.contains("signals")) {
        const chosen = new Set(fields.getAll("signal"));
        form.querySelectorAll("input[name=signal]").forEach((box) => { box.checked = chosen.has(box.value); });
      }
      part.status("Not saved, retrying", "retrying");
    });
  }

  document.addEventListener("htmx:afterSwap", (event) => {
    // Only a swapped-in question has forms to restore; the presence poll swaps every 5 s too.
    if (event.target.id === "workspace") {
      restorePending(event.target);
      // The old question's delayed notes trigger left with its form (htmx drops a trigger whose
      // element is gone): what was typed there goes now.
      flushAll();
    }
    startTimers();
  });

  window.addEventListener("online", () => { for (const part of parts.values()) part.flush(); });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved()) { event.preventDefault(); event.returnValue = ""; }
  });

  // Timers: the server says how long each has run; the browser only adds the seconds since.
  function format(seconds) {
    const m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + String(s).padStart(2, "0");
  }
  // Each timer counts from when its own element arrived, so that a swap elsewhere (the presence
  // poll, the next question) never sets back a timer that was not swapped.
  function startTimers() {
    const now = String(performance.now());
    document.querySelectorAll("[data-timer]").forEach((timer) => {
      if (!timer.dataset.epoch) timer.dataset.epoch = now;
    });
    tick();
  }
  function tick() {
    const now = performance.now();
    document.querySelectorAll("[data-timer]").forEach((timer) => {
      const since = Math.floor((now - (parseFloat(timer.dataset.epoch) || now)) / 1000);
      const base = parseInt(timer.dataset.elapsed, 10) || 0;
      const elapsed = base + (timer.dataset.running === "1" ? since : 0);
      timer.querySelector("[data-timer-value]").textContent = format(elapsed);
      const budget = parseInt(timer.dataset.budget, 10) || 0;
      timer.classList.toggle("over", budget > 0 && elapsed > budget);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.classList.add("js");
    startTimers();
    setInterval(tick, 1000);
  });

})();
