// The editor's desk: sends the draft to /api/check and shows the server's draft view.
// The HTML it inserts is rendered by the server with autoescape; article text never goes
// through innerHTML from here. No eval, no inline handlers (the CSP forbids both).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const input = $("draft-input");
  const state = {
    figures: [], current: -1, id: null, checkedText: null,
    bodyOffset: 0, name: "draft.md",
  };

  function say(message, isError, where) {
    const el = where || $("status");
    el.textContent = message;
    el.classList.toggle("error", Boolean(isError));
  }

  async function json(response) {
    try {
      return await response.json();
    } catch (err) {
      return { error: `the server answered ${response.status} ${response.statusText}` };
    }
  }

  async function check(moveFocus) {
    const text = input.value;
    if (!text.trim()) {
      say("The draft is empty: paste some text or open a file first.", true);
      input.focus();
      return;
    }
    say("Checking…");
    const t0 = performance.now();
    let response;
    try {
      response = await fetch(`/api/check?name=${encodeURIComponent(state.name)}`, {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: text,
      });
    } catch (err) {
      say(`The desk did not answer (${err.message}). Is checker serve still running?`, true);
      return;
    }
    const data = await json(response);
    if (!response.ok) {
      say(data.error || `the check failed (${response.status})`, true);
      return;
    }
    show(data, text);
    const ms = Math.round(performance.now() - t0);
    loadCards(data.id);
    if (moveFocus !== false) $("result").focus(); // n / p work at once; Tab reaches the figures
    document.body.dataset.checkMs = String(ms);
    say(`${data.summary}. ${data.figures} figures marked, ${data.findings} findings about the draft ` +
        `(checked in ${ms} ms).`);
  }

  async function loadCards(id) {
    const response = await fetch(`/api/check/${encodeURIComponent(id)}/cards`);
    if (!response.ok || id !== state.id) return;
    const panel = $("panel");
    panel.insertAdjacentHTML("beforeend", await response.text()); // server-rendered, autoescaped
    for (const button of panel.querySelectorAll("button.ignore")) {
      button.addEventListener("click", () => ignore(button.dataset.rule, Number(button.dataset.sentence)));
    }
    document.body.dataset.cards = "yes";
    if (state.current >= 0) select(state.current, false);
  }

  async function fetchReport(format) {
    const response = await fetch(`/api/check/${encodeURIComponent(state.id)}/report.${format}`);
    if (!response.ok) throw new Error((await json(response)).error);
    return response.text();
  }

  function show(data, text) {
    const result = $("result");
    document.body.dataset.cards = "";
    result.innerHTML = data.html; // server-rendered, autoescaped
    state.figures = Array.from(result.querySelectorAll("button.fig[data-findings]"))
      .filter((b) => b.dataset.findings);
    state.current = -1;
    state.id = data.id;
    state.checkedText = text;
    state.bodyOffset = data.body_offset;
    for (const fig of state.figures) {
      fig.setAttribute("aria-controls", "panel");
      fig.setAttribute("aria-expanded", "false");
      fig.addEventListener("click", () => select(state.figures.indexOf(fig), false));
    }
    const has = state.figures.length > 0;
    $("prev").disabled = !has;
    $("next").disabled = !has;
    $("copy-md").disabled = false;
    $("download-json").disabled = false;
    document.body.dataset.checked = "yes";
  }

  function select(i, focus) {
    if (!state.figures.length) return;
    const n = state.figures.length;
    state.current = ((i % n) + n) % n;
    const fig = state.figures[state.current];
    for (const f of state.figures) {
      f.classList.remove("current");
      f.setAttribute("aria-expanded", "false");
    }
    fig.classList.add("current");
    fig.setAttribute("aria-expanded", "true");
    const ids = fig.dataset.findings.split(" ");
    const panel = $("panel");
    for (const card of panel.querySelectorAll(".finding-card")) {
      card.hidden = !ids.includes(card.id);
    }
    const empty = $("panel-empty");
    if (empty) empty.hidden = true;
    if (focus) fig.focus();
    // One column (a narrow window, 200 % zoom): the panel is below the text; bring it in view.
    const shown = panel.querySelector(".finding-card:not([hidden])");
    if (!focus && shown && window.matchMedia("(max-width: 50rem)").matches) {
      shown.scrollIntoView({ block: "nearest" });
    }
    say(`Finding ${state.current + 1} of ${n}: ${fig.getAttribute("aria-label")}`);
  }

  function ignore(rule, sentence) {
    if (input.value !== state.checkedText) {
      say("The text changed since the last check: check it again before ignoring a finding.", true);
      return;
    }
    // Offsets from the server count code points; so does Array.from.
    const chars = Array.from(input.value);
    const at = state.bodyOffset + sentence;
    chars.splice(at, 0, `<!-- checker: ignore ${rule} --> `);
    input.value = chars.join("");
    say(`Inserted "<!-- checker: ignore ${rule} -->" before the sentence; checking again…`);
    check(false);
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

  async function openFromFolder(path) {
    if (!path) return;
    const response = await fetch(`/api/file?path=${encodeURIComponent(path)}`);
    const data = await json(response);
    if (!response.ok) {
      say(data.error, true);
      return;
    }
    input.value = data.text;
    state.name = data.name;
    check();
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
      say(data.error || "the file could not be read as text", true);
      return;
    }
    input.value = text;
    state.name = file.name;
    check();
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

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" ||
      target.tagName === "SELECT" || target.isContentEditable);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target === input) {
      event.preventDefault();
      check(false);
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "j") {
      event.preventDefault();
      select(state.current + 1, true);
    } else if (event.key === "p" || event.key === "k") {
      event.preventDefault();
      select(state.current - 1, true);
    } else if (event.key === "Escape" && state.current >= 0) {
      state.figures[state.current].focus();
    }
  });

  $("check").addEventListener("click", () => { state.name = state.name || "draft.md"; check(); });
  $("next").addEventListener("click", () => select(state.current + 1, true));
  $("prev").addEventListener("click", () => select(state.current - 1, true));
  $("copy-md").addEventListener("click", copyMarkdown);
  $("download-json").addEventListener("click", downloadJson);
  $("save-draft").addEventListener("click", () => {
    const name = state.name.replace(/\.(txt|markdown)$/i, ".md");
    download(name.endsWith(".md") ? name : "draft.md", "text/markdown", input.value);
  });
  $("file-pick").addEventListener("change", (e) => openFromFolder(e.target.value));
  $("file-input").addEventListener("change", (e) => openLocal(e.target.files[0]));
  $("index-go").addEventListener("click", index);

  const area = $("input-area");
  area.addEventListener("dragover", (e) => { e.preventDefault(); area.classList.add("dragging"); });
  area.addEventListener("dragleave", () => area.classList.remove("dragging"));
  area.addEventListener("drop", (e) => {
    e.preventDefault();
    area.classList.remove("dragging");
    if (e.dataTransfer.files.length) openLocal(e.dataTransfer.files[0]);
  });
  document.body.dataset.ready = "yes";
}());
