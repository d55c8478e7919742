// The shared pad: Yjs documents edited in CodeMirror 6 (y-codemirror.next), synchronised over the
// room socket (/ws/room/) with the y-protocols sync messages, each frame naming its pad and
// numbered so the server can acknowledge it once stored. Used by the candidate's room page
// (#room[data-role=candidate]) and by the console (#console-pad[data-role=panelist]).
//
// Never renders pad text as HTML: the editor shows it as text, cursor labels use textContent.
// No inline styles (the CSP forbids them): cursor colours are CSS classes by slot.

import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { fromBase64, toBase64 } from "lib0/buffer";
import { Compartment, EditorState, RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, WidgetType, keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { basicSetup } from "codemirror";
import { yCollab, yUndoManagerKeymap, ySyncAnnotation } from "y-codemirror.next";
import { go } from "@codemirror/lang-go";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { sql } from "@codemirror/lang-sql";

const MAX_TEXT_BYTES = 64 * 1024;
const PASTED = 1;
const FLUSH_MS = 25;
// How often a pad compares itself with the server's record (a step 1; the reply carries what it
// lacks and every deletion): a relay the channel layer dropped is repaired within this.
const CHECK_MS = 10000;
const UNSAVED_AFTER_MS = 700;
// Close codes after which reconnecting cannot help (interviews/rooms/protocol.py).
const FINAL = new Set([4401, 4403, 4404, 4405, 4409, 4410]);
const LANGUAGES = { go, python, javascript, sql };

const encoder = new TextEncoder();

function byteLength(text) {
  return text.length * 3 <= MAX_TEXT_BYTES ? text.length : encoder.encode(text).length;
}

// --- remote cursors: positions relative to the Yjs text, labels and slots from the server ---

class CursorWidget extends WidgetType {
  constructor(label, slot) {
    super();
    this.label = label;
    this.slot = slot;
  }
  eq(other) {
    return other.label === this.label && other.slot === this.slot;
  }
  toDOM() {
    const caret = document.createElement("span");
    caret.className = `pad-cursor pad-slot-${this.slot % 8}`;
    const name = document.createElement("span");
    name.className = "pad-cursor-label";
    name.textContent = this.label;
    caret.appendChild(name);
    return caret;
  }
}

function cursorsPlugin(pad) {
  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = this.build(view);
      }
      update(update) {
        this.decorations = this.build(update.view);
      }
      build(view) {
        const marks = [];
        for (const cursor of pad.cursors.values()) {
          const at = (encoded) => {
            const rel = Y.decodeRelativePosition(fromBase64(encoded));
            const abs = Y.createAbsolutePositionFromRelativePosition(rel, pad.doc);
            return abs && abs.type === pad.text ? Math.min(abs.index, view.state.doc.length) : null;
          };
          const anchor = at(cursor.anchor);
          const head = at(cursor.head);
          if (head === null) continue;
          const slot = cursor.slot % 8;
          if (anchor !== null && anchor !== head) {
            const from = Math.min(anchor, head);
            const to = Math.max(anchor, head);
            marks.push({ from, to, deco: Decoration.mark({ class: `pad-selection pad-slot-${slot}` }) });
          }
          marks.push({
            from: head,
            to: head,
            deco: Decoration.widget({ widget: new CursorWidget(cursor.label, cursor.slot), side: 1 }),
          });
        }
        marks.sort((a, b) => a.from - b.from || a.to - b.to);
        const builder = new RangeSetBuilder();
        for (const mark of marks) builder.add(mark.from, mark.to, mark.deco);
        return builder.finish();
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}

// --- one pad: a Yjs document and its editor ---

// CodeMirror themes itself through style-mod, which on a document inserts a <style> element: the
// CSP (style-src 'self', no inline styles) blocks it. In a shadow root style-mod uses a constructed
// stylesheet instead, which the CSP does not govern; our own classes come in by <link>.
function shadowMount(host) {
  const root = host.shadowRoot || host.attachShadow({ mode: "open" });
  const sheet = document.querySelector('link[rel="stylesheet"][href*="rooms/room.css"]');
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = sheet ? sheet.href : "/static/rooms/room.css";
  const mount = document.createElement("div");
  mount.className = "pad-mount";
  root.replaceChildren(link, mount);
  return { root, mount };
}

class Pad {
  constructor(room, position, language, parent) {
    this.room = room;
    this.position = position;
    this.doc = new Y.Doc();
    this.text = this.doc.getText("code");
    this.cursors = new Map();
    this.pending = new Set();
    this.pasting = false;
    this.readOnly = new Compartment();
    this.buffer = [];
    this.bufferPasted = false;
    this.flushTimer = null;
    this.doc.on("update", (update, origin) => {
      if (origin !== room) this.queue(update);
    });
    const refuseOversize = EditorState.transactionFilter.of((tr) => {
      if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr;
      if (byteLength(tr.newDoc.toString()) <= MAX_TEXT_BYTES) return tr;
      this.room.problem("A pad holds at most 64 KB of text: that edit was not made.");
      return [];
    });
    const extensions = [
      basicSetup,
      keymap.of([indentWithTab, ...yUndoManagerKeymap]),
      refuseOversize,
      yCollab(this.text, null),
      cursorsPlugin(this),
      // A name for screen readers, and a tab stop even when frozen (read-only content is not
      // editable, so not focusable): the scroller must be reachable by keyboard.
      EditorView.contentAttributes.of({ "aria-label": "Code pad", tabindex: "0" }),
      this.readOnly.of([EditorState.readOnly.of(room.frozen), EditorView.editable.of(!room.frozen)]),
      EditorView.domEventHandlers({
        paste: () => {
          // The editor's own paste event marks the update it causes (never guessed from size).
          this.pasting = true;
          setTimeout(() => { this.pasting = false; }, 0);
          return false;
        },
      }),
      EditorView.updateListener.of((update) => {
        if (update.selectionSet || update.docChanged) this.room.sendCursor(this, update.state.selection.main);
      }),
    ];
    if (LANGUAGES[language]) extensions.push(LANGUAGES[language]());
    const { root, mount } = shadowMount(parent);
    this.view = new EditorView({ state: EditorState.create({ doc: "", extensions }), parent: mount, root });
    this.view.dom.dataset.position = String(position);
  }

  // Local edits go out in batches of FLUSH_MS (merged into one update), so a fast typist stays
  // far below the server's 100 messages a second; a paste is never merged with typing.
  queue(update) {
    if (this.buffer.length && this.bufferPasted !== this.pasting) this.flush();
    this.buffer.push(update);
    this.bufferPasted = this.pasting;
    this.unsent = true;
    this.room.showSaved();
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.buffer.length) return;
    const update = this.buffer.length === 1 ? this.buffer[0] : Y.mergeUpdates(this.buffer);
    const pasted = this.bufferPasted;
    this.buffer = [];
    this.room.sendUpdate(this, update, pasted);
  }

  freeze() {
    this.view.dispatch({
      effects: this.readOnly.reconfigure([EditorState.readOnly.of(true), EditorView.editable.of(false)]),
    });
  }

  setCursor(message) {
    this.cursors.set(`${message.slot}:${message.label}`, message);
    this.view.dispatch({});
  }

  destroy() {
    this.flush();
    this.view.destroy();
    this.doc.destroy();
  }
}

// --- the room connection ---

class Room {
  constructor(root) {
    this.root = root;
    this.role = root.dataset.role;
    this.frozen = root.dataset.phase === "ended";
    this.pad = null;
    this.seq = 0;
    this.retries = 0;
    this.cursorTimer = null;
    this.connect();
    setInterval(() => this.checkWithRecord(), CHECK_MS);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = this.role === "panelist" ? `?interview=${this.root.dataset.interview}` : "";
    return `${scheme}//${location.host}${this.root.dataset.socket}${query}`;
  }

  connect() {
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.retries = 0;
      this.status("connected");
      if (this.pad) this.pad.pending.clear();
      this.showSaved();
      if (this.role === "panelist") this.open(this.wantedPosition());
    };
    ws.onmessage = (event) => {
      if (typeof event.data === "string") this.control(JSON.parse(event.data));
      else this.binary(new Uint8Array(event.data));
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      if (FINAL.has(event.code)) {
        const reason = event.reason || "The room is closed.";
        this.status("closed", reason);
        if (event.code === 4409) return this.ended();
        // Nothing typed from now on could be stored: freeze the pad and say why, in view.
        this.frozen = true;
        if (this.pad) this.pad.freeze();
        const ask = this.role === "candidate" && event.code === 4405 ? " Ask your interviewer for the new link." : "";
        this.problem(reason + ask, { keep: true });
        this.showSaved();
        return;
      }
      this.status("reconnecting");
      const delay = Math.min(10000, 250 * 2 ** this.retries) * (0.5 + Math.random() / 2);
      this.retries += 1;
      setTimeout(() => this.connect(), delay);
    };
  }

  send(data) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(data);
      return true;
    }
    return false;
  }

  // Panelists: the pad of the question on their own console.
  wantedPosition() {
    const workspace = document.getElementById("workspace");
    return workspace ? Number(workspace.dataset.position) : 1;
  }

  open(position) {
    this.send(JSON.stringify({ type: "open", position }));
  }

  sendUpdate(pad, update, pasted) {
    const frame = encoding.createEncoder();
    this.seq += 1;
    encoding.writeVarUint(frame, pad.position);
    encoding.writeVarUint(frame, this.seq);
    encoding.writeVarUint(frame, pasted ? PASTED : 0);
    encoding.writeVarUint(frame, 0); // y-protocols: a sync message
    syncProtocol.writeUpdate(frame, update);
    if (this.send(encoding.toUint8Array(frame))) {
      pad.pending.add(this.seq);
      pad.unsent = false;
    } // else the next connection's sync (its step 2) carries it
    this.showSaved();
  }

  sendCursor(pad, selection) {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      const rel = (index) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(pad.text, index)));
      this.send(JSON.stringify({ type: "cursor", position: pad.position, anchor: rel(selection.anchor), head: rel(selection.head) }));
    }, 50);
  }

  // An update whose predecessors never arrived waits in Yjs's pending store: ask the server for
  // what is missing (a step 1 with our state vector) instead of waiting for a reconnect.
  resyncIfStuck() {
    const store = this.pad && this.pad.doc.store;
    if (!store || (!store.pendingStructs && !store.pendingDs) || this.resyncTimer) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (!this.pad || (!this.pad.doc.store.pendingStructs && !this.pad.doc.store.pendingDs)) return;
      this.checkWithRecord();
    }, 300);
  }

  // A lost relay of a deletion (or of someone's last keystrokes) leaves no gap that Yjs would
  // notice, so the pad also asks now and then; the server answers from its record.
  checkWithRecord() {
    if (!this.pad || this.frozen) return;
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, this.pad.position);
    encoding.writeVarUint(frame, 0);
    encoding.writeVarUint(frame, 0);
    encoding.writeVarUint(frame, 0);
    syncProtocol.writeSyncStep1(frame, this.pad.doc);
    this.send(encoding.toUint8Array(frame));
  }

  binary(data) {
    const decoder = decoding.createDecoder(data);
    const position = decoding.readVarUint(decoder);
    if (decoding.readVarUint(decoder) !== 0 || !this.pad || this.pad.position !== position) return;
    const reply = encoding.createEncoder();
    const type = syncProtocol.readSyncMessage(decoder, reply, this.pad.doc, this);
    this.resyncIfStuck();
    if (type === syncProtocol.messageYjsSyncStep1) {
      // The server's state vector: send what it lacks (typed while offline), numbered for its ack.
      const frame = encoding.createEncoder();
      this.seq += 1;
      encoding.writeVarUint(frame, position);
      encoding.writeVarUint(frame, this.seq);
      encoding.writeVarUint(frame, 0);
      encoding.writeVarUint(frame, 0);
      encoding.writeUint8Array(frame, encoding.toUint8Array(reply));
      if (this.send(encoding.toUint8Array(frame))) {
        this.pad.pending.add(this.seq);
        this.pad.unsent = false;
      }
      this.showSaved();
    }
  }

  control(message) {
    switch (message.type) {
      case "hello":
        this.root.dataset.label = message.label;
        break;
      case "question":
        this.question(message);
        break;
      case "pad":
        if (!this.pad || this.pad.position !== message.position) this.newPad(message.position, message.language);
        break;
      case "lobby":
        this.show("lobby");
        break;
      case "lead":
        this.root.dataset.leadPosition = String(message.position);
        break;
      case "ack":
        if (this.pad && this.pad.position === message.position) this.pad.pending.delete(message.seq);
        this.showSaved();
        break;
      case "refused":
        if (this.pad) this.pad.pending.delete(message.seq);
        this.problem(message.reason);
        this.showSaved();
        break;
      case "cursor":
        if (this.pad && this.pad.position === message.position) this.pad.setCursor(message);
        break;
      case "ended":
        this.ended();
        break;
    }
  }

  newPad(position, language) {
    if (this.pad) this.pad.destroy();
    const parent = this.root.querySelector("[data-pad]");
    this.pad = new Pad(this, position, language, parent);
    const lang = this.root.querySelector("[data-pad-language]");
    if (lang) lang.textContent = language || "text";
    this.showSaved();
  }

  question(message) {
    const byId = (id) => document.getElementById(id);
    byId("question-position").textContent = `Question ${message.position} of ${message.count}`;
    byId("question-title").textContent = message.title;
    // The prompt is the curators' Markdown, rendered and sanitised on the server (as in the
    // console); pad text never takes this path.
    byId("question-prompt").innerHTML = message.prompt_html;
    this.root.dataset.position = String(message.position);
    this.show("question");
  }

  show(phase) {
    const byId = (id) => document.getElementById(id);
    const sections = { lobby: ["lobby"], question: ["question", "pad-area"], ended: ["ended"] };
    for (const id of ["lobby", "question", "pad-area", "ended"]) {
      const el = byId(id);
      if (el) el.hidden = !sections[phase].includes(id);
    }
    this.root.dataset.phase = phase === "question" ? "live" : phase;
  }

  ended() {
    this.frozen = true;
    if (this.pad) this.pad.freeze();
    this.showSaved();
    if (this.role === "candidate") this.show("ended");
    this.status("ended", "The interview has ended.");
  }

  showSaved() {
    const el = this.root.querySelector("[data-pad-saved]");
    if (!el || !this.pad) return;
    if (this.frozen) {
      clearTimeout(this.unsavedTimer);
      this.unsavedTimer = null;
      el.textContent = "frozen";
      el.dataset.saved = "1";
      return;
    }
    const saved = this.pad.pending.size === 0 && !this.pad.unsent;
    if (saved) {
      clearTimeout(this.unsavedTimer);
      this.unsavedTimer = null;
      el.textContent = "saved";
      el.dataset.saved = "1";
      return;
    }
    // A keystroke is confirmed within tens of milliseconds: say "not saved yet" only when the
    // oldest unconfirmed one is late, not at every keystroke (so typing on does not restart it).
    if (this.unsavedTimer) return;
    this.unsavedTimer = setTimeout(() => {
      this.unsavedTimer = null;
      if (this.frozen || (this.pad.pending.size === 0 && !this.pad.unsent)) return this.showSaved();
      el.textContent = "not saved yet";
      el.dataset.saved = "0";
    }, UNSAVED_AFTER_MS);
  }

  problem(text, { keep = false } = {}) {
    const el = this.root.querySelector("[data-pad-problem]");
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    clearTimeout(this.problemTimer);
    if (!keep) this.problemTimer = setTimeout(() => { el.hidden = true; }, 6000);
  }

  status(state, text) {
    this.root.dataset.connection = state;
    const el = this.root.querySelector("[data-room-status]");
    if (el && text) el.textContent = text;
  }
}

// The candidate's lobby scratch pad: kept in this browser only, never sent.
function scratchPad() {
  const scratch = document.getElementById("scratch");
  if (!scratch) return;
  const key = "loupe-room-scratch";
  scratch.value = localStorage.getItem(key) || "";
  scratch.addEventListener("input", () => localStorage.setItem(key, scratch.value));
}

// The console's split: the interviewer folds the pad away and back; remembered in this browser.
function splitToggle() {
  const button = document.querySelector("[data-pad-toggle]");
  const split = button && button.closest(".console-split");
  if (!split) return;
  const key = "loupe-console-pad-collapsed";
  const apply = (collapsed) => {
    split.classList.toggle("pad-collapsed", collapsed);
    button.setAttribute("aria-expanded", String(!collapsed));
  };
  apply(localStorage.getItem(key) === "1");
  button.addEventListener("click", () => {
    const collapsed = !split.classList.contains("pad-collapsed");
    localStorage.setItem(key, collapsed ? "1" : "0");
    apply(collapsed);
  });
}

function start() {
  scratchPad();
  splitToggle();
  const root = document.querySelector("[data-room-socket]");
  if (!root) return;
  const room = new Room(root);
  window.loupeRoom = room; // for the browser tests
  if (room.role === "panelist") {
    // The console swaps #workspace on every move: open that question's pad.
    document.body.addEventListener("htmx:afterSettle", () => {
      const position = room.wantedPosition();
      if (!room.pad || room.pad.position !== position) room.open(position);
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
