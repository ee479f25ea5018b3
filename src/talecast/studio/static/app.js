// talecast studio: the page over one story and its voice config. Every change is sent to the
// server, which writes it into the config file; the page then shows what the server sends back.
"use strict";

const TOKEN = document.querySelector('meta[name="talecast-token"]').content;
const $ = (id) => document.getElementById(id);
let data = null;           // the last /api/script answer
const voiceLists = {};     // "language|gender" -> [voice ids]
let cues = [];             // the playing chapter's cues: {start, end, id}
let polling = null;
const NOT_SPEECH = "@narration";  // the speaker menu's "(not speech)": a quote read as narration

function withToken(path) {
  return path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN);
}

async function api(method, path, body) {
  const opts = { method, headers: { "X-Talecast-Token": TOKEN } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const resp = await fetch(path, opts);
  const answer = await resp.json().catch(() => ({ error: resp.statusText }));
  if (!resp.ok) throw new Error(answer.error || resp.statusText);
  return answer;
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// ---------------------------------------------------------------- script

function renderScript() {
  $("title").textContent = data.title + (data.author ? ", by " + data.author : "");
  $("config").textContent = data.config;
  const box = $("script");
  const scroll = window.scrollY;
  box.replaceChildren();
  let flagged = 0, quotes = 0;
  for (const ch of data.chapters) {
    const section = el("section", { class: "chapter", "data-chapter": ch.index },
                       el("h2", {}, `${ch.index}. ${ch.title}`));
    box.append(section);
    let para = null;
    for (const seg of ch.segments) {
      const row = el("div", { class: `line ${seg.kind}`, "data-id": seg.id, "data-kind": seg.kind });
      if (para !== null && seg.paragraph !== para) row.classList.add("para");
      para = seg.paragraph;
      const spoken = seg.kind !== "break";
      row.append(spoken ? el("button", { class: "play", type: "button", title: "Hear this line",
                                         onclick: () => playLine(seg.id) }, "\u25B6") : el("span"));
      const who = el("span", { class: "who" });
      const text = el("span", { class: "text" }, seg.kind === "break" ? "* * *" : seg.text);
      if (seg.kind === "dialogue") {
        quotes += 1;
        row.dataset.speaker = seg.speaker || "unsure";
        text.style.color = seg.colour;
        who.append(speakerChoice(seg));
        if (seg.flagged) {
          flagged += 1;
          row.classList.add("flagged");
        }
      } else if (seg.not_speech) {
        row.dataset.speaker = "@narration";
        who.append(speakerChoice(seg));
      } else if (seg.kind !== "narration" && seg.kind !== "break") {
        who.append(el("span", { class: "badge" }, seg.kind));
      }
      row.append(who, text);
      if (seg.flagged) {
        const why = seg.confidence !== undefined ? `low confidence (${seg.confidence})` : "speaker unknown";
        text.append(el("span", { class: "flag", title: why }, "\u26A0 check"));
      }
      if (seg.corrected) text.append(el("span", { class: "corrected-mark", title: "corrected in the config" }, "\u270E"));
      section.append(row);
    }
  }
  $("counts").textContent = `${quotes} quotes, ${flagged} flagged`;
  renderFilter();
  applyFilter();
  window.scrollTo(0, scroll);
}

function speakerChoice(seg) {
  const select = el("select", { "aria-label": "speaker", class: "speaker",
                                style: `border-left: 6px solid ${seg.colour}` });
  const current = seg.not_speech ? NOT_SPEECH : seg.speaker || "unsure";
  const label = (name) => (name === NOT_SPEECH ? "(not speech)" : name);
  select.append(el("option", { value: current, selected: true }, label(current)));
  // The other choices are added when the menu is about to open: a novel has thousands of quotes.
  const fill = () => {
    if (select.dataset.filled) return;
    select.dataset.filled = "1";
    const names = [...data.speakers, NOT_SPEECH];
    if (!names.includes(current)) names.unshift(current);
    select.replaceChildren(...names.map((name) => el("option", { value: name, selected: name === current },
                                                     label(name))));
  };
  for (const ev of ["pointerdown", "mousedown", "focus", "keydown"]) select.addEventListener(ev, fill);
  select.addEventListener("change", async () => {
    try {
      const change = select.value === NOT_SPEECH ? { kind: "narration" } : { speaker: select.value };
      data = await api("POST", "/api/speaker", { line: seg.id, ...change });
      showError("");
      renderAll();
    } catch (err) {
      showError(err.message);
      select.value = current;
    }
  });
  return select;
}

function renderFilter() {
  const select = $("filter");
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, "every line"),
                         el("option", { value: "@flagged" }, "flagged quotes only"));
  for (const c of data.cast) {
    if (c.narrator) continue;
    select.append(el("option", { value: c.name }, `${c.name}'s lines`));
  }
  select.append(el("option", { value: "unsure" }, "unattributed quotes"));
  select.value = [...select.options].some((o) => o.value === keep) ? keep : "";
}

function applyFilter() {
  const want = $("filter").value;
  for (const row of document.querySelectorAll("#script .line")) {
    let show = true;
    if (want === "@flagged") show = row.classList.contains("flagged");
    else if (want) show = row.dataset.speaker === want;
    row.classList.toggle("hidden", !show);
  }
}

// ---------------------------------------------------------------- hearing lines

function playLine(id) {
  const [chapter, index] = id.split("-");
  const player = $("line-player");
  document.querySelectorAll(".line.playing").forEach((r) => r.classList.remove("playing"));
  const row = document.querySelector(`.line[data-id="${id}"]`);
  if (row) row.classList.add("playing");
  $("chapter-player").pause();
  player.src = withToken(`/api/line/${chapter}/${index}.wav`);
  player.dataset.line = id;
  player.play().catch(() => {});
}

$("line-player").addEventListener("error", async () => {
  // The audio element hides the server's reason: ask again to show it.
  const id = $("line-player").dataset.line;
  if (!id) return;
  const [chapter, index] = id.split("-");
  const resp = await fetch(withToken(`/api/line/${chapter}/${index}.wav`));
  if (!resp.ok) showError((await resp.json().catch(() => ({}))).error || "this line could not be played");
});
$("line-player").addEventListener("ended", () => {
  document.querySelectorAll(".line.playing").forEach((r) => r.classList.remove("playing"));
});

// ---------------------------------------------------------------- cast

async function voicesFor(gender) {
  const language = $("language").value || data.language;
  const key = `${language}|${gender || ""}`;
  if (!voiceLists[key]) {
    const answer = await api("GET", `/api/voices?language=${encodeURIComponent(language)}&gender=${encodeURIComponent(gender || "")}`);
    voiceLists[key] = answer.voices;
    if (!$("language").options.length) fillLanguages(answer.languages);
  }
  return voiceLists[key];
}

function fillLanguages(languages) {
  const select = $("language");
  for (const lang of languages) select.append(el("option", { value: lang, selected: lang === data.language }, lang));
}

async function renderCast() {
  const box = $("cast");
  box.replaceChildren();
  for (const c of data.cast) {
    const card = el("div", { class: "card", "data-name": c.name });
    const title = el("h3", {}, c.narrator ? "" : el("span", { class: "swatch", style: `background:${c.colour}` }),
                     c.narrator ? "Narrator" : c.name,
                     c.lines !== null ? el("span", { class: "muted" }, ` ${c.lines} line${c.lines === 1 ? "" : "s"}`) : null);
    const fields = el("div", { class: "fields" });
    const err = el("div", { class: "err" });
    const send = async (field, value) => {
      try {
        const answer = await api("POST", "/api/character", { name: c.name, changes: { [field]: value } });
        data = answer.script;
        err.textContent = "";
        showError("");
        await renderAll();
        if (answer.audition) playLine(answer.audition);
      } catch (e) {
        err.textContent = e.message;
        showError(e.message);
      }
    };
    if (!c.narrator) {
      const aliases = el("input", { value: c.aliases.join(", "), "aria-label": "aliases" });
      aliases.addEventListener("change", () => send("aliases", aliases.value));
      const gender = el("select", { "aria-label": "gender" });
      for (const g of ["female", "male", "unknown"]) gender.append(el("option", { value: g, selected: g === c.gender }, g));
      gender.addEventListener("change", () => send("gender", gender.value));
      fields.append(el("label", {}, "aliases"), aliases, el("label", {}, "gender"), gender);
    }
    const voice = el("select", { "aria-label": "voice", class: "voice" });
    const list = await voicesFor(c.narrator ? "" : c.gender);
    if (!c.narrator) {
      voice.append(el("option", { value: "", selected: !c.own_voice }, `default (${c.voice})`),
                   el("option", { value: "narrator", selected: c.voice === "narrator" }, "the narrator's voice"));
    }
    const ids = list.includes(c.voice) || c.voice === "narrator" ? list : [c.voice, ...list];
    for (const id of ids) voice.append(el("option", { value: id, selected: c.own_voice && id === c.voice }, id));
    voice.addEventListener("change", () => send("voice", voice.value));
    const rate = el("input", { type: "number", value: c.rate ?? "", "aria-label": "rate", step: 5 });
    rate.addEventListener("change", () => send("rate", rate.value));
    const pitch = el("input", { type: "number", value: c.pitch ?? "", "aria-label": "pitch" });
    pitch.addEventListener("change", () => send("pitch", pitch.value));
    fields.append(el("label", {}, "voice"), voice, el("label", {}, "rate"), rate, el("label", {}, "pitch"), pitch);
    card.append(title, fields, err);
    box.append(card);
  }
}

$("language").addEventListener("change", () => renderCast());
$("filter").addEventListener("change", applyFilter);

// ---------------------------------------------------------------- build and listen

function showBuild(build) {
  $("progress").value = build.fraction;
  const label = { idle: "", running: `building: ${Math.round(100 * build.fraction)}%, ${build.detail}`,
                  done: build.message, failed: build.message, stopped: build.message }[build.state];
  $("build-status").textContent = label || "";
  $("build-status").title = label || "";
  $("build").disabled = build.state === "running";
  $("stop").hidden = build.state !== "running";
  $("progress").dataset.state = build.state;
  if (build.state === "failed") showError(build.message);
}

async function poll() {
  try {
    const answer = await api("GET", "/api/build");
    showBuild(answer.build);
    if (answer.build.state !== "running") {
      clearInterval(polling);
      polling = null;
      renderChapters(answer.audio);
    }
  } catch (e) {
    showError(e.message);
  }
}

function watchBuild() {
  if (!polling) polling = setInterval(poll, 400);
}

$("build").addEventListener("click", async () => {
  try {
    showError("");
    const answer = await api("POST", "/api/build", {});
    showBuild(answer.build);
    watchBuild();
  } catch (e) {
    showError(e.message);
  }
});

$("stop").addEventListener("click", async () => {
  try {
    showBuild((await api("POST", "/api/build/stop", {})).build);
    watchBuild();
  } catch (e) {
    showError(e.message);
  }
});

function renderChapters(audio) {
  const box = $("chapters");
  box.replaceChildren();
  if (!audio.length) {
    box.textContent = "Build to listen to the chapters.";
    return;
  }
  for (const c of audio) {
    const ch = data.chapters.find((x) => x.index === c.chapter);
    const mins = c.duration ? ` ${Math.floor(c.duration / 60)}:${String(Math.round(c.duration % 60)).padStart(2, "0")}` : "";
    box.append(el("div", { class: "chapter-row" },
      el("span", {}, `${c.chapter}. ${ch ? ch.title : ""}`, el("span", { class: "muted" }, mins)),
      el("button", { type: "button", class: "play-chapter", "data-chapter": c.chapter,
                     onclick: () => playChapter(c.chapter) }, "\u25B6 play")));
  }
}

async function playChapter(n) {
  const player = $("chapter-player");
  $("line-player").pause();
  cues = [];
  player.src = withToken(`/api/chapter/${n}.mp3`);
  player.play().catch(() => {});
  try {
    cues = (await api("GET", `/api/chapter/${n}/cues`)).cues;
  } catch (e) {
    cues = [];
  }
}

let speaking = null;
$("chapter-player").addEventListener("timeupdate", () => {
  const t = $("chapter-player").currentTime;
  const cue = cues.find((c) => c.start <= t && t < c.end);
  const id = cue ? cue.id : null;
  if (id === speaking) return;
  speaking = id;
  document.querySelectorAll(".line.speaking").forEach((r) => r.classList.remove("speaking"));
  if (!id) return;
  const row = document.querySelector(`.line[data-id="${id}"]`);
  if (row) {
    row.classList.add("speaking");
    const box = row.getBoundingClientRect();
    if (box.top < 80 || box.bottom > window.innerHeight) row.scrollIntoView({ block: "center", behavior: "smooth" });
  }
});

// ---------------------------------------------------------------- start

async function renderAll() {
  renderScript();
  await renderCast();
  const row = speaking && document.querySelector(`.line[data-id="${speaking}"]`);
  if (row) row.classList.add("speaking");
}

async function start() {
  try {
    data = await api("GET", "/api/script");
    await renderAll();
    showBuild(data.build);
    renderChapters(data.audio);
    if (data.build.state === "running") watchBuild();
    document.body.dataset.ready = "1";
  } catch (e) {
    showError(e.message);
  }
}

start();
