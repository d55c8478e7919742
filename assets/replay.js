// The replay player: applies a pad's stored Yjs updates in order, at 1x, 4x or 16x, with a
// scrubber; each character is coloured by who typed it (CSS classes by author), pastes are listed
// and marked (from the editor's own paste events, stored with each update). The text is only ever
// set as textContent: pad text is never HTML.

import * as Y from "yjs";
import { fromBase64 } from "lib0/buffer";

const SLOTS = { Candidate: 0, "Starter code": 7 };

function slotOf(update, slots) {
  if (update.kind === "candidate") return 0;
  if (update.kind === "server") return 7;
  if (!slots.has(update.label)) slots.set(update.label, slots.size + 1);
  return slots.get(update.label);
}

function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

class Player {
  constructor(section) {
    this.section = section;
    this.updates = JSON.parse(document.getElementById(section.dataset.replay).textContent);
    this.text = section.querySelector("[data-replay-text]");
    this.scrub = section.querySelector("[data-replay-scrub]");
    this.now = section.querySelector("[data-replay-now]");
    this.clockEl = section.querySelector("[data-replay-clock]");
    this.playButton = section.querySelector("[data-replay-play]");
    this.speed = section.querySelector("[data-replay-speed]");
    this.slots = new Map();
    for (const update of this.updates) update.slot = slotOf(update, this.slots);
    this.timer = null;
    this.listAuthors(section.querySelector("[data-replay-legend]"));
    this.listPastes(section.querySelector("[data-replay-pastes]"));
    this.scrub.addEventListener("input", () => { this.pause(); this.seek(Number(this.scrub.value)); });
    this.playButton.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.seek(this.updates.length);
  }

  // The key to the colours: each author once, in their own colour.
  listAuthors(list) {
    const seen = new Map();
    for (const update of this.updates) if (!seen.has(update.label)) seen.set(update.label, update.slot);
    for (const [label, slot] of seen) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.className = `replay-by pad-slot-${slot}`;
      name.textContent = label;
      item.appendChild(name);
      list.appendChild(item);
    }
  }

  listPastes(list) {
    this.updates.forEach((update, index) => {
      if (!update.pasted) return;
      const item = document.createElement("li");
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "button button-quiet";
      jump.textContent = `${clock(update.t)} pasted by ${update.label}`;
      jump.addEventListener("click", () => { this.pause(); this.seek(index + 1); });
      item.appendChild(jump);
      list.appendChild(item);
    });
  }

  // The pad after the first `count` updates, with each character's author.
  seek(count) {
    const doc = new Y.Doc();
    const ytext = doc.getText("code");
    const authors = [];
    let current = null;
    ytext.observe((event) => {
      let index = 0;
      for (const op of event.delta) {
        if (op.retain) index += op.retain;
        else if (op.insert) {
          const length = typeof op.insert === "string" ? op.insert.length : 1;
          authors.splice(index, 0, ...Array(length).fill(current));
          index += length;
        } else if (op.delete) authors.splice(index, op.delete);
      }
    });
    for (let i = 0; i < count; i += 1) {
      current = this.updates[i];
      Y.applyUpdate(doc, fromBase64(current.u));
    }
    this.position = count;
    this.scrub.value = String(count);
    this.render(ytext.toString(), authors);
    const last = this.updates[count - 1];
    const end = this.updates[this.updates.length - 1];
    this.clockEl.textContent = `${clock(last ? last.t : 0)} / ${clock(end ? end.t : 0)}`;
    this.now.textContent = last ? `${last.label}${last.pasted ? " pasted" : " typed"}` : "";
    this.section.dataset.replayPosition = String(count);
  }

  render(text, authors) {
    this.text.replaceChildren();
    let start = 0;
    for (let i = 1; i <= text.length; i += 1) {
      if (i === text.length || authors[i] !== authors[start]) {
        const span = document.createElement("span");
        const author = authors[start];
        span.className = `replay-by pad-slot-${author ? author.slot : 7}${author && author.pasted ? " replay-pasted" : ""}`;
        span.title = author ? author.label : "";
        span.textContent = text.slice(start, i);
        this.text.appendChild(span);
        start = i;
      }
    }
  }

  play() {
    if (this.position >= this.updates.length) this.seek(0);
    this.playButton.textContent = "Pause";
    const step = () => {
      if (this.position >= this.updates.length) return this.pause();
      const here = this.position ? this.updates[this.position - 1].t : this.updates[0].t;
      const wait = Math.min(2000, (this.updates[this.position].t - here) / Number(this.speed.value));
      this.timer = setTimeout(() => { this.seek(this.position + 1); step(); }, wait);
    };
    step();
  }

  pause() {
    clearTimeout(this.timer);
    this.timer = null;
    this.playButton.textContent = "Play";
  }
}

function start() {
  for (const section of document.querySelectorAll("[data-replay]")) new Player(section);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
