// The editor's desk: one editable text whose figures are marked where the editor types.
//
// The text is a <textarea> (native editing, undo, spell check, IME); behind it a backdrop of
// the same size and font holds the marks, built here with text nodes and <mark> elements
// (never innerHTML with article text). Marks follow edits (shifted by the edit, dropped where
// the edit touches them) and the page says it is out of date until the draft is checked again,
// which happens after a pause in typing. The cards are rendered by the server with autoescape.
// No eval, no inline handlers (the CSP forbids both).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const input = $("draft-input");
  const backdrop = $("backdrop");
  const PAUSE_MS = 900;
  const VERDICTS = [
    ["conflict", "✖", "differs"], ["update", "↻", "changed"], ["artefact", "⚠", "translation slip"],
    ["omission", "∅", "left out"], ["addition", "+", "added"],
    ["agree", "✓", "agrees"], ["single-source", "①", "only here"], ["dismissed", "–", "dismissed"],
    ["none", "", "no finding"],
  ];
  const state = {
    marks: [], current: -1, id: null, checkedText: null, lastText: "", name: "draft.md",
    opened: null, filter: null, timer: null, seq: 0, ready: false,
  };

  // ------------------------------------------------------------------ messages and state

  function say(message, isError, where) {
    const el = where || $("status");
    el.textContent = message;
    el.classList.toggle("error", Boolean(isError));
  }

  function stale(on, why) {
    document.body.dataset.stale = on ? "yes" : "";
    if (on && why) say(why, false);
  }

  async function json(response) {
    try {
      return await response.json();
    } catch (err) {
      return { error: `the server answered ${response.status} ${response.statusText}` };
    }
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function setName(name) {
    state.name = name;
    $("doc-name").textContent = name;
  }

  function setTitle(title) {
    $("doc-title").textContent = title ? ` — ${title}` : "";
    document.title = `${title || state.name} — Editor's desk`;
  }

  // ------------------------------------------------------------------ start-up

  async function waitReady() {
    const box = $("loading");
    for (;;) {
      let s;
      try {
        s = await json(await fetch("/api/status"));
      } catch (err) {
        s = { ready: true };
      }
      if (s.ready || s.error) break;
      box.hidden = false;
      $("loading-text").textContent =
        `Starting up: loading ${s.loading} (step ${s.step} of ${s.steps}, ${s.seconds} s). ` +
        "You can type meanwhile; the first check waits for it.";
      $("loading-progress").max = s.steps;
      $("loading-progress").value = Math.max(s.step - 1, 0);
      await new Promise((r) => setTimeout(r, 500));
    }
    box.hidden = true;
    state.ready = true;
    document.body.dataset.loaded = "yes";
  }

  // ------------------------------------------------------------------ the marks

  function visible(mark) {
    return !state.filter || mark.verdict === state.filter;
  }

  function render() {
    const text = input.value;
    const frag = document.createDocumentFragment();
    let pos = 0;
    state.marks.forEach((m, i) => {
      if (m.start < pos || m.end > text.length) return;
      if (m.start > pos) frag.appendChild(document.createTextNode(text.slice(pos, m.start)));
      const el = document.createElement("mark");
      el.className = `fig v-${m.verdict}${m.level ? ` level-${m.level}` : ""}` +
        (i === state.current ? " current" : "") + (visible(m) ? "" : " muted");
      el.dataset.i = String(i);
      el.textContent = text.slice(m.start, m.end);
      frag.appendChild(el);
      pos = m.end;
    });
    frag.appendChild(document.createTextNode(text.slice(pos) + "\n"));
    backdrop.replaceChildren(frag);
    autosize();
  }

  function autosize() {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight + 2}px`;
  }

  // Where the edit from `before` to `after` lies: [from, toOld) became [from, toNew).
  function edit(before, after) {
    let from = 0;
    const max = Math.min(before.length, after.length);
    while (from < max && before[from] === after[from]) from++;
    let tail = 0;
    while (tail < max - from && before[before.length - 1 - tail] === after[after.length - 1 - tail]) {
      tail++;
    }
    return { from, toOld: before.length - tail, toNew: after.length - tail };
  }

  // Marks before the edit stay, marks after it move with it, marks it touches go (typing a
  // digit right against a figure changes the figure, so that touches it too).
  const joins = (ch) => /[\p{L}\p{N}.,]/u.test(ch || "");
  function follow(before, after) {
    const e = edit(before, after);
    const delta = e.toNew - e.toOld;
    const current = state.marks[state.current];
    state.marks = state.marks.flatMap((m) => {
      if (m.end < e.from || (m.end === e.from && !joins(after[e.from]))) return [m];
      if (m.start > e.toOld || (m.start === e.toOld && !joins(after[e.toNew - 1]))) {
        return [{ ...m, start: m.start + delta, end: m.end + delta }];
      }
      return [];
    });
    state.current = current ? state.marks.findIndex((m) => m.id === current.id) : -1;
    return e;
  }

  function wholesale(e, before, after) {
    // A paste or an open that replaced most of the text: a new draft, not an edit of this one.
    const kept = before.length - (e.toOld - e.from);
    return before.length > 0 && kept < before.length / 2 && (e.toNew - e.from) > after.length / 2;
  }

  input.addEventListener("input", () => {
    const before = state.lastText;
    const after = input.value;
    const e = follow(before, after);
    if (state.opened !== null && wholesale(e, before, after)) {
      state.opened = null;
      setName("draft.md");
      setTitle("");
    }
    state.lastText = after;
    render();
    if (state.checkedText !== null) {
      stale(true, "Out of date: the text changed since the last check; checking again when you pause.");
    }
    schedule();
  });

  function schedule() {
    clearTimeout(state.timer);
    if (!input.value.trim()) return;
    state.timer = setTimeout(() => check(false), PAUSE_MS);
  }

  // ------------------------------------------------------------------ checking

  async function check(moveFocus) {
    clearTimeout(state.timer);
    const text = input.value;
    if (!text.trim()) {
      say("The draft is empty: type, paste or open some text first.", true);
      if (state.checkedText !== null) stale(true);
      return;
    }
    const seq = ++state.seq;
    say(state.ready ? "Checking…" : "Checking… (the desk is still loading: see above)");
    const t0 = performance.now();
    const date = $("draft-date").disabled ? "" : $("draft-date").value;
    let response;
    try {
      response = await fetch(
        `/api/check?name=${encodeURIComponent(state.name)}&date=${encodeURIComponent(date)}`, {
          method: "POST",
          headers: { "Content-Type": "text/plain; charset=utf-8" },
          body: text,
        });
    } catch (err) {
      failed(`The desk did not answer (${err.message}). Is checker serve still running?`);
      return;
    }
    const data = await json(response);
    if (seq !== state.seq) return; // a newer check is on its way
    if (!response.ok) {
      failed(data.error || `the check failed (${response.status})`);
      return;
    }
    if (input.value !== text) { // typed while it ran: these marks would sit in the wrong place
      schedule();
      return;
    }
    show(data, text);
    const ms = Math.round(performance.now() - t0);
    document.body.dataset.checkMs = String(ms);
    await loadCards(data.id);
    if (moveFocus) $("next").focus();
    const lost = data.unplaced ? ` (${data.unplaced} could not be placed in the text)` : "";
    say(`Checked in ${ms} ms: ${data.summary}. ${data.marks.length} figures marked${lost}, ` +
        `${data.findings} findings about the draft` +
        (data.dismissed ? `, ${data.dismissed} dismissed.` : "."));
  }

  function failed(message) {
    const old = state.checkedText !== null;
    say(message + (old ? " The marks and cards shown are from the previous check." : ""), true);
    if (old) stale(true);
  }

  function show(data, text) {
    state.marks = data.marks;
    state.id = data.id;
    state.checkedText = text;
    state.current = -1;
    stale(false);
    setTitle(data.title);
    const dateBox = $("draft-date");
    if (data.dated) {
      dateBox.value = data.date;
      dateBox.disabled = true;
      $("date-note").textContent = "from the draft's front matter";
    } else {
      dateBox.disabled = false;
      $("date-note").textContent = "the draft has no date: it is checked as of this day";
    }
    render();
    chips();
    showCompared(data);
    const any = state.marks.some((m) => m.findings.length);
    $("prev").disabled = !any;
    $("next").disabled = !any;
    $("next-error").disabled = !state.marks.some((m) => m.level === "error");
    $("copy-md").disabled = false;
    $("download-json").disabled = false;
    $("cards").replaceChildren();
    $("panel-empty").hidden = false;
    $("panel").classList.remove("open");
    document.body.dataset.checked = "yes";
  }

  function showCompared(data) {
    const box = $("compared");
    const c = data.compared;
    const list = $("compared-list");
    list.replaceChildren();
    if (c && c.articles.length) {
      const story = c.title ? `story “${c.title}”` : `story ${c.story}`;
      $("compared-summary").textContent =
        `Compared with ${c.articles.length} article${c.articles.length === 1 ? "" : "s"} of ${story}`;
      for (const a of c.articles) {
        const li = document.createElement("li");
        li.textContent = [a.outlet || a.id, a.date || "undated", a.title].filter(Boolean).join(", ");
        list.appendChild(li);
      }
    } else {
      $("compared-summary").textContent = "Compared with no earlier article";
    }
    for (const note of data.notes || []) {
      const li = document.createElement("li");
      li.textContent = note;
      list.appendChild(li);
    }
    box.hidden = false;
  }

  async function loadCards(id) {
    const response = await fetch(`/api/check/${encodeURIComponent(id)}/cards`);
    if (!response.ok || id !== state.id) return;
    const cards = $("cards");
    cards.insertAdjacentHTML("beforeend", await response.text()); // server-rendered, autoescaped
    for (const card of cards.querySelectorAll(".finding-card")) {
      card.querySelector("button.use-fix")?.addEventListener("click", (e) => useFix(card, e.target));
      card.querySelector("button.dismiss")?.addEventListener("click", () => askDismiss(card));
      card.querySelector("button.restore")?.addEventListener("click", (e) => restore(card, e.target));
    }
    document.body.dataset.cards = "yes";
    if (state.current >= 0) select(state.current, { quiet: true });
  }

  // ------------------------------------------------------------------ chips (filters)

  function chips() {
    const bar = $("chips");
    bar.replaceChildren();
    for (const [verdict, icon, words] of VERDICTS) {
      const n = state.marks.filter((m) => m.verdict === verdict).length;
      if (!n && verdict !== "conflict") continue;
      const b = document.createElement("button");
      b.type = "button";
      b.className = `chip v-${verdict}`;
      b.dataset.verdict = verdict;
      b.setAttribute("aria-pressed", String(state.filter === verdict));
      b.textContent = `${icon ? `${icon} ` : ""}${words} `;
      const strong = document.createElement("strong");
      strong.textContent = String(n);
      b.appendChild(strong);
      b.addEventListener("click", () => {
        state.filter = state.filter === verdict ? null : verdict;
        chips();
        bar.querySelector(`button[data-verdict="${verdict}"]`).focus(); // drawn anew: keep focus
        render();
        const shown = state.marks.filter(visible).length;
        say(state.filter ? `Showing the ${shown} figures marked “${words}”; press again to show all.`
          : "Showing every marked figure.");
      });
      bar.appendChild(b);
    }
    const errors = state.marks.filter((m) => m.level === "error").length;
    const e = document.createElement("span");
    e.className = "chip level-error";
    e.textContent = `errors ${errors}`;
    bar.appendChild(e);
  }

  // ------------------------------------------------------------------ selecting a figure

  function navigable() {
    return state.marks.map((m, i) => i).filter((i) => state.marks[i].findings.length && visible(state.marks[i]));
  }

  function step(direction, onlyErrors) {
    let order = navigable();
    if (onlyErrors) order = order.filter((i) => state.marks[i].level === "error");
    if (!order.length) {
      say(onlyErrors ? "No error is marked in the draft." : "No finding is marked in the draft.");
      return;
    }
    const at = state.current;
    let next;
    if (direction > 0) next = order.find((i) => i > at) ?? order[0];
    else next = [...order].reverse().find((i) => i < at) ?? order[order.length - 1];
    select(next, { inText: true });
  }

  function touch() {
    return window.matchMedia("(hover: none) and (pointer: coarse)").matches;
  }

  function wide() {
    return !window.matchMedia("(max-width: 50rem)").matches;
  }

  function select(i, how = {}) {
    const m = state.marks[i];
    if (!m) return;
    state.current = i;
    render();
    const cards = $("cards").querySelectorAll(".finding-card");
    let first = null;
    for (const card of cards) {
      card.hidden = !m.findings.includes(card.id);
      if (!card.hidden && !first) first = card;
    }
    $("panel-empty").hidden = Boolean(first) || !m.findings.length;
    // Select the figure in the text, except on a touch screen, where focusing the text box
    // would pull up the on-screen keyboard over the card.
    if (how.inText && !touch()) {
      input.focus();
      input.setSelectionRange(m.start, m.end);
    }
    place(i);
    if (!how.quiet) {
      const n = navigable();
      const where = n.includes(i) ? `Finding ${n.indexOf(i) + 1} of ${n.length}: ` : "";
      const words = first ? first.dataset.say : (m.findings.length ? m.headline : "no finding");
      const more = m.findings.length > 1 ? ` (${m.findings.length} findings: see the card)` : "";
      const keys = first && matchMedia("(hover: hover)").matches ? " Alt+Enter opens the card." : "";
      say(`${where}${m.text}: ${words}${more}${keys}`);
    }
  }

  // The card beside its figure: level with it on a wide screen, a sheet from the bottom on a phone.
  function place(i) {
    const panel = $("panel");
    const mark = backdrop.querySelector(`mark[data-i="${i}"]`);
    if (wide()) {
      panel.classList.remove("open");
      const top = mark ? mark.offsetTop : 0;
      panel.style.marginTop = `${Math.max(0, top - 16)}px`;
    } else {
      panel.style.marginTop = "";
      panel.classList.toggle("open", state.marks[i].findings.length > 0);
      // room below the text, so that any figure can scroll up above the sheet
      document.body.classList.toggle("sheet-open", panel.classList.contains("open"));
      // the figure stays in sight above the sheet (after the browser's own scrolling)
      requestAnimationFrame(() => {
        const now = backdrop.querySelector(`mark[data-i="${i}"]`); // drawn again since?
        const box = now ? now.getBoundingClientRect() : null;
        if (box && (box.top < 0 || box.bottom > window.innerHeight * 0.38)) {
          window.scrollBy(0, box.top - window.innerHeight * 0.15);
        }
      });
    }
  }

  function intoCard() {
    const card = $("cards").querySelector(".finding-card:not([hidden])");
    if (!card) return false;
    if (!wide()) $("panel").classList.add("open");
    card.focus();
    return true;
  }

  function backToText() {
    $("panel").classList.remove("open");
    document.body.classList.remove("sheet-open");
    const m = state.marks[state.current];
    input.focus();
    if (m) input.setSelectionRange(m.start, m.end);
  }

  function atCaret() {
    const at = input.selectionStart;
    const i = state.marks.findIndex((m) => m.start <= at && at <= m.end);
    if (i >= 0 && i !== state.current) select(i);
  }

  input.addEventListener("click", atCaret);
  input.addEventListener("keyup", (e) => {
    if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End") atCaret();
  });

  // ------------------------------------------------------------------ fix, dismiss, restore

  function replaceRange(start, end, text) {
    input.focus();
    input.setSelectionRange(start, end);
    // insertText keeps the browser's own undo (Ctrl+Z); setRangeText is the fallback.
    if (!document.execCommand("insertText", false, text)) {
      input.setRangeText(text, start, end, "end");
      input.dispatchEvent(new Event("input"));
    }
  }

  function markOf(card) {
    return state.marks.find((m) => m.findings.includes(card.id));
  }

  function useFix(card, button) {
    const m = markOf(card);
    if (!m || input.value.slice(m.start, m.end) !== m.text) {
      say("That figure changed since the last check: wait for the check, then try again.", true);
      return;
    }
    const old = m.text;
    replaceRange(m.start, m.end, button.dataset.fix);
    say(`Replaced ${old} with ${button.dataset.fix}; Ctrl+Z undoes it. Checking again…`);
    check(false);
  }

  function askDismiss(card) {
    const m = markOf(card);
    if (!m || input.value !== state.checkedText) {
      say("The text changed since the last check: wait for the check before dismissing.", true);
      return;
    }
    const dialog = $("dismiss-dialog");
    $("dismiss-what").textContent =
      `${m.text}: ${card.querySelector("h3").textContent.trim()}. Only this finding is silenced.`;
    $("dismiss-reason").value = "";
    dialog.onclose = () => {
      if (dialog.returnValue === "ok" && $("dismiss-reason").value.trim()) {
        dismiss(card, m, $("dismiss-reason").value.trim());
      } else {
        card.focus();
      }
    };
    dialog.returnValue = "";
    dialog.showModal();
    $("dismiss-reason").focus();
  }

  async function dismiss(card, m, reason) {
    const response = await fetch("/api/dismiss", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: input.value, name: state.name, rule: card.dataset.rule,
        start: m.start, end: m.end, reason }),
    });
    const data = await json(response);
    if (!response.ok) {
      say(data.error, true);
      return;
    }
    replaceRange(data.at, data.at, data.inserted);
    say(`Dismissed, with your reason kept in the draft (${data.form}); Ctrl+Z or Restore undoes it.`);
    await check(false);
  }

  // The dismissal as written in the text: the comment on its line (with the space after it),
  // or its entry line under "dismissed:" in the front matter.
  function storedDismissal(line, rule, figure) {
    const text = input.value;
    let start = 0;
    for (let n = 1; n < line; n++) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) return null;
      start = nl + 1;
    }
    const eol = text.indexOf("\n", start);
    const row = text.slice(start, eol < 0 ? text.length : eol);
    const named = JSON.stringify(figure);
    const open = row.indexOf("<!--");
    if (open >= 0) {
      const close = text.indexOf("-->", start + open);
      const comment = close < 0 ? "" : text.slice(start + open, close + 3);
      if (comment.includes("dismiss") && comment.includes(rule) && comment.includes(named)) {
        const end = close + 3 + (text[close + 3] === " " ? 1 : 0);
        return [start + open, end];
      }
    }
    if (row.includes(named) && row.includes(rule) && /^\s*-\s/.test(row)) {
      return [start, eol < 0 ? text.length : eol + 1];
    }
    return null;
  }

  function restore(card, button) {
    if (input.value !== state.checkedText) {
      say("The text changed since the last check: wait for the check before restoring.", true);
      return;
    }
    const span = storedDismissal(Number(button.dataset.line), card.dataset.rule, button.dataset.figure);
    if (!span) {
      say("This dismissal is not where the check found it: remove it from the draft by hand " +
          "(the comment before the sentence, or the entry under “dismissed:”).", true);
      return;
    }
    replaceRange(span[0], span[1], "");
    say("Restored: the finding is live again; Ctrl+Z undoes it. Checking again…");
    check(false);
  }

  $("panel-back").addEventListener("click", backToText);
  $("dismiss-cancel").addEventListener("click", () => $("dismiss-dialog").close(""));

  // ------------------------------------------------------------------ reports and files

  async function fetchReport(format) {
    const response = await fetch(`/api/check/${encodeURIComponent(state.id)}/report.${format}`);
    if (!response.ok) throw new Error((await json(response)).error);
    return response.text();
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function copyMarkdown() {
    let markdown;
    try {
      markdown = await fetchReport("md");
    } catch (err) {
      say(err.message, true);
      return;
    }
    try {
      await navigator.clipboard.writeText(markdown);
      say("The report is on the clipboard, as Markdown.");
    } catch (err) {
      download("report.md", "text/markdown", markdown);
      say("The clipboard is not available here: the Markdown report was downloaded instead.");
    }
  }

  async function downloadJson() {
    try {
      download("report.json", "application/json", await fetchReport("json"));
    } catch (err) {
      say(err.message, true);
    }
  }

  function load(text, name) {
    input.value = text;
    state.lastText = text;
    state.opened = text;
    state.marks = [];
    state.current = -1;
    setName(name);
    setTitle("");
    render();
    check(false);
  }

  async function openFromFolder(path) {
    if (!path) return;
    const response = await fetch(`/api/file?path=${encodeURIComponent(path)}`);
    const data = await json(response);
    if (!response.ok) {
      failed(data.error);
      return;
    }
    load(data.text, data.name);
  }

  async function openLocal(file) {
    if (!file) return;
    const bytes = await file.arrayBuffer();
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (err) {
      // Not UTF-8: let the server say exactly what is wrong with it.
      const response = await fetch(`/api/check?name=${encodeURIComponent(file.name)}`, {
        method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes,
      });
      const data = await json(response);
      failed(data.error || "the file could not be read as text");
      return;
    }
    load(text, file.name);
  }

  async function index() {
    const paths = $("index-paths").value.split("\n").map((s) => s.trim()).filter(Boolean);
    const where = $("index-status");
    if (!paths.length) {
      say("Give at least one file or folder.", true, where);
      return;
    }
    const response = await fetch("/api/index", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ paths }),
    });
    let job = await json(response);
    if (!response.ok) {
      say(job.error, true, where);
      return;
    }
    const bar = $("index-progress");
    bar.hidden = false;
    $("index-go").disabled = true;
    while (job.state === "running") {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
      say(`Indexing… ${job.done} of ${job.total || "?"} articles (${job.seconds} s)`, false, where);
      await new Promise((r) => setTimeout(r, 300));
      const r = await fetch(`/api/index/${encodeURIComponent(job.job)}`);
      job = await json(r);
      if (!r.ok) break;
    }
    bar.value = bar.max;
    $("index-go").disabled = false;
    say(job.state === "done" ? `Done: ${job.message}` : `Indexing failed: ${job.message || job.error}`,
        job.state !== "done", where);
    const counts = await json(await fetch("/api/store"));
    if (counts.documents !== undefined) {
      $("store-counts").textContent = `${counts.documents} articles, ${counts.claims} claims`;
    }
  }

  // ------------------------------------------------------------------ keys

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" ||
      target.tagName === "SELECT" || target.isContentEditable);
  }

  document.addEventListener("keydown", (event) => {
    if ($("dismiss-dialog").open) return;
    if (event.key === "F8") {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1, false);
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target === input) {
      event.preventDefault();
      check(false);
      return;
    }
    if (event.key === "Enter" && event.altKey && event.target === input) {
      atCaret();
      if (intoCard()) event.preventDefault();
      return;
    }
    if (event.key === "Escape" && $("panel").contains(event.target)) {
      event.preventDefault();
      backToText();
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "j") {
      event.preventDefault();
      step(1, false);
    } else if (event.key === "p" || event.key === "k") {
      event.preventDefault();
      step(-1, false);
    } else if (event.key === "e") {
      event.preventDefault();
      step(1, true);
    }
  });

  $("check").addEventListener("click", () => check(false));
  $("next").addEventListener("click", () => step(1, false));
  $("prev").addEventListener("click", () => step(-1, false));
  $("next-error").addEventListener("click", () => step(1, true));
  $("copy-md").addEventListener("click", copyMarkdown);
  $("download-json").addEventListener("click", downloadJson);
  $("save-draft").addEventListener("click", () => {
    const name = /\.(md|markdown|txt)$/i.test(state.name) ? state.name : "draft.md";
    download(name, name.endsWith(".txt") ? "text/plain" : "text/markdown", input.value);
    say(`Saved as ${name} (your browser's downloads).`);
  });
  $("draft-date").addEventListener("change", () => check(false));
  $("file-pick").addEventListener("change", (e) => openFromFolder(e.target.value));
  $("file-input").addEventListener("change", (e) => openLocal(e.target.files[0]));
  $("index-go").addEventListener("click", index);
  window.addEventListener("resize", () => {
    autosize();
    if (state.current >= 0) place(state.current);
  });

  const area = $("editor");
  area.addEventListener("dragover", (e) => { e.preventDefault(); area.classList.add("dragging"); });
  area.addEventListener("dragleave", () => area.classList.remove("dragging"));
  area.addEventListener("drop", (e) => {
    e.preventDefault();
    area.classList.remove("dragging");
    if (e.dataTransfer.files.length) openLocal(e.dataTransfer.files[0]);
  });

  $("draft-date").value = today();
  setName("draft.md");
  render();
  document.body.dataset.ready = "yes";
  waitReady();
}());
