// Qadam playground: a Telegram-like chat with the real bot. Plain JS, no build step.
//
// Messages are rendered from their plain text and entities (UTF-16 offsets, as JavaScript
// strings count), building DOM nodes: nothing the bot or a person sends is ever parsed as HTML.
"use strict";

const KIND_LABELS = {
  applicant: "applicant",
  trainee: "trainee",
  borrower: "borrower",
  coordinator: "coordinator",
  trainer: "trainer",
  entrant: "contest entrant",
  ngo: "funded NGO",
  juror: "juror",
  mentor: "mentor",
  newcomer: "new here",
};
const AVATAR_COLORS = ["#e17076", "#faa774", "#a695e7", "#7bc862", "#6ec9cb", "#65aadd", "#ee7aae"];
const LINK_SCHEMES = ["http:", "https:", "mailto:", "tel:", "tg:"];
const PERSONA_KEY = "qadam-playground-persona";

const S = {
  ready: false,
  bot: { name: "Qadam", username: "", commands: {} },
  personas: [],
  byId: new Map(),
  chats: new Map(), // id → {messages: Map, notes: [], replyKeyboard, kbHidden, unread}
  globalNotes: [],
  current: null,
  status: null,
  languages: ["kk", "ru", null],
  buffered: [],
  typingTimer: null,
  socket: null,
  retry: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// -- talking to the playground --------------------------------------------------------------

async function api(path, body, { form = false, quiet = false } = {}) {
  const init = { method: "POST" };
  if (form) {
    init.body = body;
  } else {
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body || {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (!quiet) toast("The playground is not answering: " + error.message);
    throw error;
  }
  let result = {};
  try {
    result = await response.json();
  } catch (error) {
    result = { ok: false, error: response.statusText };
  }
  if (!response.ok || result.ok === false) {
    if (!quiet) toast(result.error || response.statusText);
    throw new Error(result.error || response.statusText);
  }
  return result;
}

async function loadState() {
  const response = await fetch("/api/state");
  if (!response.ok) throw new Error("state: " + response.status);
  const state = await response.json();
  S.bot = state.bot;
  S.personas = state.personas;
  S.byId = new Map(state.personas.map((p) => [p.id, p]));
  S.languages = state.client_languages;
  const previous = S.chats;
  S.chats = new Map();
  for (const persona of state.personas) {
    const chat = state.chats[String(persona.id)];
    const old = previous.get(persona.id);
    S.chats.set(persona.id, {
      messages: new Map(chat.messages.map((m) => [m.id, m])),
      notes: chat.notes,
      replyKeyboard: chat.reply_keyboard,
      kbHidden: old ? old.kbHidden : false,
      unread: old ? old.unread : 0,
    });
  }
  S.globalNotes = state.notes;
  S.status = state.status;
  $("checks").textContent = state.spec_checks
    ? "Every request the bot makes is checked as Telegram would, including the Bot API description."
    : "Every request the bot makes is checked as Telegram would (HTML, limits); the Bot API description was not found, so those checks are off.";
  const saved = Number(localStorage.getItem(PERSONA_KEY));
  if (!S.byId.has(S.current)) S.current = S.byId.has(saved) ? saved : state.personas[0].id;
  S.ready = true;
  $("bot-name").textContent = S.bot.name;
  renderPersonas();
  renderChat();
  renderStatus();
  const buffered = S.buffered;
  S.buffered = [];
  for (const event of buffered) handleEvent(event);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/api/events`);
  S.socket = socket;
  S.ready = false;
  socket.addEventListener("open", async () => {
    S.retry = 0;
    try {
      await loadState();
      banner(null);
    } catch (error) {
      banner("Could not load the playground: " + error.message);
    }
  });
  socket.addEventListener("message", (message) => {
    const event = JSON.parse(message.data);
    if (!S.ready) S.buffered.push(event);
    else handleEvent(event);
  });
  socket.addEventListener("close", () => {
    if (S.socket !== socket) return;
    S.ready = false;
    const delay = Math.min(5000, 500 * 2 ** S.retry++);
    banner("Disconnected from the playground — reconnecting…");
    setTimeout(connect, delay);
  });
}

function handleEvent(event) {
  switch (event.type) {
    case "message":
      upsertMessage(event.chat_id, event.message, event.reply_keyboard);
      break;
    case "delete":
      deleteMessage(event.chat_id, event.message_id);
      break;
    case "answer":
      callbackAnswer(event.chat_id, event.answer);
      break;
    case "action":
      if (event.chat_id === S.current) showTyping(event.action);
      break;
    case "note":
      addNote(event.chat_id, event.note);
      break;
    case "status":
      S.status = event.status;
      renderStatus();
      break;
    case "persona":
      S.byId.set(event.persona.id, event.persona);
      S.personas = S.personas.map((p) => (p.id === event.persona.id ? event.persona : p));
      renderPersonas();
      break;
    case "reset":
      S.chats = new Map();
      loadState().catch((error) => banner(error.message));
      toast("The playground was reset");
      break;
    case "bye":
      banner("The playground stopped.");
      break;
  }
}

// -- the model ------------------------------------------------------------------------------

function chatOf(id) {
  let chat = S.chats.get(id);
  if (!chat) {
    chat = { messages: new Map(), notes: [], replyKeyboard: null, kbHidden: false, unread: 0 };
    S.chats.set(id, chat);
  }
  return chat;
}

function upsertMessage(chatId, view, replyKeyboard) {
  const chat = chatOf(chatId);
  const isNew = !chat.messages.has(view.id);
  if (view.deleted) {
    deleteMessage(chatId, view.id);
    return;
  }
  chat.messages.set(view.id, view);
  if (view.from_bot && replyKeyboard !== undefined) {
    if (JSON.stringify(replyKeyboard) !== JSON.stringify(chat.replyKeyboard)) chat.kbHidden = false;
    chat.replyKeyboard = replyKeyboard;
  }
  if (chatId === S.current) {
    placeNode(messageKey(view), renderMessage(view));
    if (view.from_bot) {
      renderReplyKeyboard();
      stopTyping();
    }
    renderEmpty();
  } else if (isNew && view.from_bot) {
    chat.unread += 1;
    renderPersonas();
  }
}

function deleteMessage(chatId, messageId) {
  const chat = chatOf(chatId);
  chat.messages.delete(messageId);
  if (chatId === S.current) {
    const node = $("messages").querySelector(`[data-key="m${messageId}"]`);
    if (node) node.remove();
    refreshDays();
    renderEmpty();
  }
}

function addNote(chatId, note) {
  if (chatId === null || chatId === undefined) {
    S.globalNotes.push(note);
    if (note.kind === "error") toast(`Telegram refused ${note.method}: ${note.description}`);
    return;
  }
  const chat = chatOf(chatId);
  if (chat.notes.some((n) => n.seq === note.seq)) return;
  chat.notes.push(note);
  if (chatId === S.current) {
    placeNode(noteKey(note), renderNote(note));
    renderEmpty();
  } else if (note.kind === "error") {
    chat.unread += 1;
    renderPersonas();
  }
}

// Order in a chat: messages by id; a note goes after the message that was last when it came.
const messageKey = (m) => ({ a: m.id, b: 0, key: "m" + m.id });
const noteKey = (n) => ({ a: n.after, b: n.seq, key: "n" + n.seq });

function placeNode(order, node) {
  const box = $("messages");
  node.dataset.key = order.key;
  node.dataset.a = order.a;
  node.dataset.b = order.b;
  const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  const existing = box.querySelector(`[data-key="${order.key}"]`);
  if (existing) {
    existing.replaceWith(node);
  } else {
    let before = null;
    for (let child = box.lastElementChild; child; child = child.previousElementSibling) {
      const a = Number(child.dataset.a);
      const b = Number(child.dataset.b);
      if (a < order.a || (a === order.a && b < order.b)) break;
      before = child;
    }
    box.insertBefore(node, before);
  }
  refreshDays();
  if (stick) scrollToBottom();
}

// A date between messages of different days, as Telegram shows (time travel crosses days).
function refreshDays() {
  const box = $("messages");
  for (const old of box.querySelectorAll(".row.day")) old.remove();
  let last = null;
  for (const row of [...box.children]) {
    const day = row.dataset.day;
    if (!day || day === last) continue;
    last = day;
    const label = new Intl.DateTimeFormat("en-GB", { timeZone: zone(), weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(Number(row.dataset.date) * 1000));
    box.insertBefore(el("div", { class: "row note day" }, el("div", { class: "pill" }, label)), row);
  }
}

function dayOf(unix) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone(), year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(unix * 1000));
}

function scrollToBottom() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

// -- rendering: text with entities -----------------------------------------------------------

function safeUrl(raw) {
  try {
    const url = new URL(raw, location.href);
    return LINK_SCHEMES.includes(url.protocol) ? url.href : null;
  } catch (error) {
    return null;
  }
}

// A t.me link to this bot with ?start=…: Telegram opens the chat and sends /start <payload>.
function deepLinkPayload(href) {
  try {
    const url = new URL(href);
    if (!["t.me", "telegram.me"].includes(url.hostname)) return null;
    const name = url.pathname.replace(/^\//, "").toLowerCase();
    if (!S.bot.username || name !== S.bot.username.toLowerCase()) return null;
    return url.searchParams.get("start") ?? "";
  } catch (error) {
    return null;
  }
}

function openLink(href, event) {
  const payload = deepLinkPayload(href);
  if (payload !== null) {
    if (event) event.preventDefault();
    sendText(payload ? `/start ${payload}` : "/start");
    return true;
  }
  return false;
}

function link(href, className) {
  const url = safeUrl(href);
  if (!url) return el("span", { class: className || null });
  return el("a", {
    href: url,
    target: "_blank",
    rel: "noopener noreferrer",
    class: className || null,
    onclick: (event) => openLink(url, event),
  });
}

function entityNode(entity, content) {
  switch (entity.type) {
    case "bold":
      return el("b");
    case "italic":
      return el("i");
    case "underline":
      return el("u");
    case "strikethrough":
      return el("s");
    case "spoiler":
      return el("span", {
        class: "spoiler",
        title: "Spoiler: click to show",
        onclick: (event) => event.currentTarget.classList.add("revealed"),
      });
    case "code":
      return el("code");
    case "pre": {
      const code = el("code");
      const pre = el("pre", { "data-language": entity.language || null }, code);
      return { outer: pre, inner: code };
    }
    case "blockquote":
      return el("blockquote");
    case "expandable_blockquote":
      return el("blockquote", {
        class: "expandable",
        onclick: (event) => event.currentTarget.classList.toggle("open"),
      });
    case "text_link":
      return link(entity.url);
    case "url":
      return link(/^[a-z][a-z0-9+.-]*:/i.test(content) ? content : "http://" + content);
    case "email":
      return link("mailto:" + content);
    case "phone_number":
      return link("tel:" + content.replace(/[^+\d]/g, ""));
    case "mention":
      return link("https://t.me/" + content.replace(/^@/, ""));
    case "text_mention":
      return el("a", { href: "#", onclick: (event) => event.preventDefault() });
    case "bot_command":
      return el("span", {
        class: "command",
        onclick: () => sendText(content.split("@")[0]),
      });
    case "hashtag":
    case "cashtag":
      return el("span", { class: "tag" });
    default:
      return el("span", { class: "entity-" + entity.type });
  }
}

function renderText(text, entities) {
  const root = el("div", { class: "text" });
  const list = (entities || [])
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .map((e, i) => ({ ...e, end: Math.min(e.offset + e.length, text.length), i }))
    .sort((x, y) => x.offset - y.offset || y.end - x.end || x.i - y.i);
  const stack = [{ node: root, end: text.length }];
  let pos = 0;
  const emit = (upto) => {
    if (upto > pos) {
      stack[stack.length - 1].node.append(document.createTextNode(text.slice(pos, upto)));
      pos = upto;
    }
  };
  for (const entity of list) {
    while (stack.length > 1 && stack[stack.length - 1].end <= entity.offset) {
      emit(stack[stack.length - 1].end);
      stack.pop();
    }
    emit(entity.offset);
    const parent = stack[stack.length - 1];
    const end = Math.min(entity.end, parent.end);
    if (end <= entity.offset) continue;
    const made = entityNode(entity, text.slice(entity.offset, end));
    const outer = made instanceof Node ? made : made.outer;
    const inner = made instanceof Node ? made : made.inner;
    parent.node.append(outer);
    stack.push({ node: inner, end });
  }
  while (stack.length > 1) {
    emit(stack[stack.length - 1].end);
    stack.pop();
  }
  emit(text.length);
  return root;
}

// -- rendering: messages ---------------------------------------------------------------------

function zone() {
  return (S.status && S.status.clock.zone) || "Asia/Almaty";
}

function formatTime(unix) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone(), hour: "2-digit", minute: "2-digit" }).format(
    new Date(unix * 1000),
  );
}

function formatMoment(date, withWeekday = true) {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone(),
    weekday: withWeekday ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

function formatSize(bytes) {
  if (!bytes) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileIcon(name) {
  const ext = (name || "").split(".").pop().toLowerCase();
  return { pdf: "📕", xlsx: "📊", xls: "📊", csv: "📊", ics: "📅", zip: "🗜", png: "🖼", jpg: "🖼", jpeg: "🖼" }[ext] || "📄";
}

function renderMedia(view) {
  const file = view.file;
  switch (view.kind) {
    case "photo":
      return el("img", {
        class: "photo",
        src: file.url,
        alt: "photo",
        loading: "lazy",
        onclick: () => window.open(file.url, "_blank", "noopener"),
        onload: () => {
          const box = $("messages");
          if (box.scrollHeight - box.scrollTop - box.clientHeight < 400) scrollToBottom();
        },
      });
    case "sticker":
      return el("div", { class: "sticker", title: "sticker" }, (view.sticker && view.sticker.emoji) || "🖼");
    case "voice":
    case "audio":
    case "video":
    case "video_note":
    case "animation":
    case "document": {
      const name = file.name || (view.kind === "voice" ? "Voice message" : view.kind);
      const details = [];
      if (file.duration !== undefined) {
        const d = file.duration;
        details.push(`${Math.floor(d / 60)}:${String(d % 60).padStart(2, "0")}`);
      }
      if (file.size) details.push(formatSize(file.size));
      const icon = view.kind === "voice" ? "🎤" : view.kind === "document" ? fileIcon(file.name) : "▶";
      return el(
        "a",
        {
          class: "file",
          href: file.url + "?download=1",
          download: file.name || "",
          title: "Download",
        },
        el("span", { class: "file-icon" }, icon),
        el("span", null, el("div", { class: "file-name" }, name), el("div", { class: "file-size" }, details.join(" · "))),
      );
    }
    default:
      return null;
  }
}

function renderExtra(view) {
  if (view.venue) {
    const v = view.venue;
    return el("div", { class: "card-line" }, "📍", el("span", null, el("b", null, v.title), el("br"), v.address));
  }
  if (view.location) {
    const { latitude, longitude } = view.location;
    const href = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`;
    return el(
      "div",
      { class: "card-line" },
      "📍",
      el("a", { class: "map-link", href, target: "_blank", rel: "noopener noreferrer" }, `Location ${latitude.toFixed(5)}, ${longitude.toFixed(5)}`),
    );
  }
  if (view.contact) {
    const c = view.contact;
    return el("div", { class: "card-line" }, "👤", el("span", null, el("b", null, [c.first_name, c.last_name].filter(Boolean).join(" ")), el("br"), c.phone_number));
  }
  if (view.dice) return el("div", { class: "sticker" }, `${view.dice.emoji} ${view.dice.value}`);
  return null;
}

function renderMessage(view) {
  const row = el("div", { class: "row " + (view.from_bot ? "bot" : "me"), "data-day": dayOf(view.date), "data-date": view.date });
  const bubble = el("div", { class: "bubble" });
  if (view.forward_origin) {
    const o = view.forward_origin;
    const who = o.sender_user ? [o.sender_user.first_name, o.sender_user.last_name].filter(Boolean).join(" ") : o.sender_user_name || "someone";
    bubble.append(el("div", { class: "forwarded" }, `Forwarded from ${who}`));
  }
  const media = view.file ? renderMedia(view) : null;
  if (media) bubble.append(media);
  const extra = renderExtra(view);
  if (extra) bubble.append(extra);
  let textNode = null;
  if (view.text !== undefined && view.text !== null) textNode = renderText(view.text, view.entities);
  else if (view.caption) textNode = renderText(view.caption, view.caption_entities);
  const meta = el(
    "span",
    { class: "meta", title: formatMoment(new Date(view.date * 1000)) },
    view.edited ? el("span", { class: "edited" }, "edited") : null,
    formatTime(view.date),
    view.from_bot ? null : " ✓✓",
  );
  if (textNode) {
    textNode.append(meta);
    bubble.append(textNode);
  } else {
    if (view.kind === "photo" || view.kind === "sticker") bubble.classList.add("media-only");
    bubble.append(el("div", { class: "text" }, meta));
  }
  row.append(bubble);
  if (view.inline_keyboard && view.inline_keyboard.length) row.append(renderInlineKeyboard(view));
  return row;
}

function renderInlineKeyboard(view) {
  const box = el("div", { class: "inline-kb" });
  for (const buttons of view.inline_keyboard) {
    const row = el("div", { class: "kb-row" });
    for (const button of buttons) {
      const isUrl = typeof button.url === "string";
      const node = el("button", { type: "button", class: isUrl ? "url" : null, title: button.text }, button.text);
      node.addEventListener("click", () => pressInline(view, button, node));
      row.append(node);
    }
    box.append(row);
  }
  return box;
}

function renderNote(note) {
  const row = el("div", { class: "row note" });
  if (note.kind === "error") {
    row.append(
      el(
        "div",
        { class: "error-note" },
        el("div", { class: "error-title" }, `⚠️ Telegram refused ${note.method} (${note.status})`),
        el("div", { class: "error-desc" }, note.description),
        note.source ? el("pre", null, note.source) : null,
      ),
    );
  } else if (note.kind === "clock") {
    row.append(el("div", { class: "pill" }, `⏩ Time moves to ${formatMoment(new Date(note.to))}`));
  } else if (note.kind === "language") {
    row.append(el("div", { class: "pill" }, `🌐 Telegram app language: ${note.language_code || "none"}`));
  }
  return row;
}

function renderChat() {
  const box = $("messages");
  box.replaceChildren();
  const chat = chatOf(S.current);
  chat.unread = 0;
  const items = [];
  for (const view of chat.messages.values()) items.push([messageKey(view), () => renderMessage(view)]);
  for (const note of chat.notes) items.push([noteKey(note), () => renderNote(note)]);
  items.sort(([x], [y]) => x.a - y.a || x.b - y.b);
  for (const [order, render] of items) {
    const node = render();
    node.dataset.key = order.key;
    node.dataset.a = order.a;
    node.dataset.b = order.b;
    box.append(node);
  }
  refreshDays();
  renderReplyKeyboard();
  renderEmpty();
  renderChip();
  stopTyping();
  scrollToBottom();
  const persona = S.byId.get(S.current);
  document.title = persona ? `${persona.first_name} · Qadam playground` : "Qadam playground";
}

function renderEmpty() {
  const chat = chatOf(S.current);
  const empty = chat.messages.size === 0;
  $("empty").hidden = !empty;
  $("start-bar").hidden = !empty;
}

function renderReplyKeyboard() {
  const chat = chatOf(S.current);
  const box = $("reply-keyboard");
  const markup = chat.replyKeyboard;
  box.replaceChildren();
  $("keyboard-toggle").hidden = !markup;
  $("input").placeholder = (markup && markup.input_field_placeholder) || "Message";
  if (!markup || chat.kbHidden) {
    box.hidden = true;
    return;
  }
  for (const buttons of markup.keyboard || []) {
    const row = el("div", { class: "kb-row" });
    for (const raw of buttons) {
      const button = typeof raw === "string" ? { text: raw } : raw;
      row.append(el("button", { type: "button", onclick: () => pressReply(button, markup) }, button.text));
    }
    box.append(row);
  }
  box.hidden = false;
}

// -- rendering: people and time --------------------------------------------------------------

function avatar(persona, extra) {
  const color = AVATAR_COLORS[persona.id % AVATAR_COLORS.length];
  return el("div", { class: "avatar" + (extra ? " " + extra : ""), style: `background:${color}`, "aria-hidden": "true" }, persona.first_name[0]);
}

function renderPersonas() {
  const list = $("personas");
  list.replaceChildren();
  const waiting = (S.status && S.status.waiting.by_chat) || {};
  for (const persona of S.personas) {
    const chat = chatOf(persona.id);
    const langs = el("div", { class: "langs", role: "group", "aria-label": "Telegram app language" });
    for (const code of S.languages) {
      langs.append(
        el(
          "button",
          {
            type: "button",
            class: persona.language_code === code ? "on" : null,
            title: code ? `Telegram app in ${code}` : "Telegram app reports no language",
            "data-lang": code || "none",
            onclick: (event) => {
              event.stopPropagation();
              api("/api/persona", { persona: persona.id, language_code: code });
            },
          },
          code || "—",
        ),
      );
    }
    const queued = waiting[String(persona.id)];
    const item = el(
      "li",
      {
        class: "persona" + (persona.id === S.current ? " current" : ""),
        "data-persona": persona.id,
        tabindex: 0,
        onclick: () => switchPersona(persona.id),
        onkeydown: (event) => {
          if (event.key === "Enter") switchPersona(persona.id);
        },
      },
      avatar(persona),
      el(
        "div",
        { class: "persona-main" },
        el("div", { class: "persona-name" }, persona.name),
        el(
          "div",
          { class: "persona-kind" },
          KIND_LABELS[persona.kind] || persona.kind,
          queued ? el("span", { class: "persona-wait", title: "messages queued for later" }, `· ⏳${queued}`) : null,
        ),
      ),
      chat.unread ? el("span", { class: "badge", "aria-label": "unread" }, chat.unread) : null,
      langs,
    );
    list.append(item);
  }
  renderChip();
}

function renderChip() {
  const persona = S.byId.get(S.current);
  const chip = $("persona-chip");
  chip.replaceChildren();
  if (!persona) return;
  const unread = [...S.chats.values()].reduce((sum, chat) => sum + chat.unread, 0);
  chip.append(
    avatar(persona),
    el(
      "span",
      { class: "chip-text" },
      el("div", { class: "chip-name" }, persona.first_name),
      el("div", { class: "chip-kind" }, KIND_LABELS[persona.kind] || persona.kind),
    ),
  );
  if (unread) chip.append(el("span", { class: "badge", title: "unread in other chats" }, unread));
}

function renderStatus() {
  const status = S.status;
  if (!status) return;
  const clock = status.clock;
  const now = new Date(clock.now);
  const ahead = clock.ahead_s;
  let aheadText = "real time";
  if (ahead >= 60) {
    const d = Math.floor(ahead / 86400);
    const h = Math.floor((ahead % 86400) / 3600);
    const m = Math.floor((ahead % 3600) / 60);
    aheadText = [d ? `${d} d` : "", h ? `${h} h` : "", !d && m ? `${m} min` : ""].filter(Boolean).join(" ") + " ahead of real time";
  }
  $("clock").replaceChildren(
    el(
      "div",
      null,
      el("div", { class: "when", id: "clock-now" }, formatMoment(now)),
      el("div", { class: "sub" }, `${clock.zone} · ${aheadText}`),
      clock.quiet ? el("div", { class: "sub" }, `🌙 Quiet hours (${clock.quiet_hours}): reminders wait for the morning`) : null,
      clock.traveling ? el("div", { class: "sub" }, "⏩ Moving through time…") : null,
    ),
  );
  const waiting = status.waiting;
  const parts = [];
  if (waiting.total) {
    parts.push(`${waiting.total}${waiting.total >= 500 ? "+" : ""} message(s) queued`);
    if (waiting.due_now) parts.push(`${waiting.due_now} being sent`);
    if (waiting.next_at) parts.push(`next at ${formatMoment(new Date(waiting.next_at), false)}`);
  } else {
    parts.push("Nothing queued for later.");
  }
  $("waiting").textContent = parts.join(" · ");
  $("to-next").disabled = !waiting.next_at || clock.traveling;
  $("plus-hour").disabled = clock.traveling;
  $("plus-day").disabled = clock.traveling;
  const input = $("to-input");
  const local = clock.local.slice(0, 16);
  input.min = local;
  if (!input.value || input.value < local) input.value = local;
  renderPersonas();
}

// -- typing, toasts, dialogs -----------------------------------------------------------------

function showTyping(action) {
  const status = $("bot-status");
  const words = { typing: "typing…", upload_document: "sending a file…", upload_photo: "sending a photo…" };
  status.textContent = words[action] || "typing…";
  status.classList.add("typing");
  clearTimeout(S.typingTimer);
  S.typingTimer = setTimeout(stopTyping, 5000);
}

function stopTyping() {
  clearTimeout(S.typingTimer);
  const status = $("bot-status");
  status.textContent = S.bot.username ? `bot · @${S.bot.username}` : "bot";
  status.classList.remove("typing");
}

let toastTimer = null;
function toast(text) {
  const node = $("toast");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 3500);
}

function banner(text) {
  const node = $("banner");
  node.textContent = text || "";
  node.hidden = !text;
}

// A Telegram-like dialog: text, optional fields, buttons; resolves to the values or null.
function dialog(text, { fields = [], ok = "OK", cancel = "Cancel" } = {}) {
  return new Promise((resolve) => {
    const modal = $("modal");
    $("modal-text").textContent = text;
    const box = $("modal-fields");
    box.replaceChildren();
    const inputs = fields.map((field) => {
      const input = el("input", { name: field.name, value: field.value ?? "", type: field.type || "text", inputmode: field.inputmode || null });
      box.append(el("label", null, field.label, input));
      return input;
    });
    const buttons = $("modal-buttons");
    buttons.replaceChildren();
    const close = (value) => {
      modal.hidden = true;
      document.removeEventListener("keydown", onKey);
      resolve(value);
    };
    const accept = () => close(Object.fromEntries(inputs.map((i) => [i.name, i.value])));
    const onKey = (event) => {
      if (event.key === "Escape") close(null);
      if (event.key === "Enter") accept();
    };
    if (cancel) buttons.append(el("button", { type: "button", class: "modal-cancel", onclick: () => close(null) }, cancel));
    buttons.append(el("button", { type: "button", class: "modal-ok", onclick: accept }, ok));
    modal.hidden = false;
    document.addEventListener("keydown", onKey);
    (inputs[0] || buttons.lastElementChild).focus();
  });
}

// -- what the person does --------------------------------------------------------------------

function currentPersona() {
  return S.byId.get(S.current);
}

async function sendText(text) {
  if (!text.trim()) return;
  await api("/api/send", { persona: S.current, text });
}

async function pressInline(view, button, node) {
  if (typeof button.callback_data === "string") {
    node.classList.add("busy");
    setTimeout(() => node.classList.remove("busy"), 3000);
    try {
      await api("/api/press", { persona: S.current, message_id: view.id, data: button.callback_data });
    } catch (error) {
      node.classList.remove("busy");
    }
    return;
  }
  if (typeof button.url === "string") {
    if (!openLink(button.url)) {
      const url = safeUrl(button.url);
      if (url) window.open(url, "_blank", "noopener");
    }
    return;
  }
  if (button.copy_text) {
    const copied = button.copy_text.text;
    try {
      await navigator.clipboard.writeText(copied);
      toast("Copied to clipboard");
    } catch (error) {
      toast(copied);
    }
    return;
  }
  toast("This kind of button does nothing in the playground");
}

async function pressReply(button, markup) {
  const chat = chatOf(S.current);
  if (markup.one_time_keyboard) {
    chat.kbHidden = true;
    renderReplyKeyboard();
  }
  if (button.request_contact) {
    await shareContact();
  } else if (button.request_location) {
    await shareLocation();
  } else if (button.request_users || button.request_chat || button.request_poll || button.web_app) {
    toast("This kind of button does nothing in the playground");
  } else {
    await sendText(button.text);
  }
}

async function shareContact() {
  const persona = currentPersona();
  const answer = await dialog(`Share your phone number with ${S.bot.name}?`, {
    fields: [{ name: "phone", label: "Phone number", value: persona.phone, type: "tel", inputmode: "tel" }],
    ok: "Share",
  });
  if (answer) await api("/api/contact", { persona: S.current, phone: answer.phone });
}

async function shareLocation() {
  const answer = await dialog(`Share your location with ${S.bot.name}?`, {
    fields: [
      { name: "latitude", label: "Latitude", value: "43.238949", inputmode: "decimal" },
      { name: "longitude", label: "Longitude", value: "76.889709", inputmode: "decimal" },
    ],
    ok: "Share",
  });
  if (answer) await api("/api/location", { persona: S.current, latitude: answer.latitude, longitude: answer.longitude });
}

async function sendVoice() {
  const answer = await dialog("Send a voice note (the bot only sees its length)", {
    fields: [{ name: "duration", label: "Seconds", value: "5", type: "number", inputmode: "numeric" }],
    ok: "Send",
  });
  if (answer) await api("/api/voice", { persona: S.current, duration: Number(answer.duration) || 5 });
}

async function upload(kind, file) {
  const form = new FormData();
  form.append("persona", String(S.current));
  form.append("file", file, file.name);
  const caption = $("input").value.trim();
  if (caption) form.append("caption", caption);
  await api(`/api/${kind}`, form, { form: true });
  $("input").value = "";
  autosize();
}

function switchPersona(id) {
  if (!S.byId.has(id)) return;
  S.current = id;
  chatOf(id).unread = 0;
  localStorage.setItem(PERSONA_KEY, String(id));
  renderChat();
  renderPersonas();
  closeSidebar();
  $("input").focus({ preventScroll: true });
}

async function moveClock(body) {
  closeSidebar(); // on a phone: watch the chat while time moves
  for (const id of ["plus-hour", "plus-day", "to-next"]) $(id).disabled = true;
  try {
    await api("/api/clock", body);
  } finally {
    renderStatus();
  }
}

// -- wiring ------------------------------------------------------------------------------------

function autosize() {
  const input = $("input");
  input.style.height = "auto";
  input.style.height = Math.min(input.scrollHeight, 140) + "px";
}

function openSidebar() {
  $("sidebar").classList.add("open");
  $("scrim").hidden = false;
}

function closeSidebar() {
  $("sidebar").classList.remove("open");
  $("scrim").hidden = true;
}

function togglePopup(id) {
  for (const other of ["attach-menu", "commands-menu"]) if (other !== id) $(other).hidden = true;
  $(id).hidden = !$(id).hidden;
}

async function renderCommands() {
  const persona = currentPersona();
  // This persona's list as Telegram would show it (staff get their roles' commands); the
  // bot-wide list if the playground does not answer.
  let commands = S.bot.commands[persona.language_code || ""] || S.bot.commands[""] || [];
  try {
    commands = (await api("/api/commands", { persona: persona.id }, { quiet: true })).commands;
  } catch (error) {
    // keep the bot-wide list
  }
  const menu = $("commands-menu");
  menu.replaceChildren();
  for (const command of commands) {
    menu.append(
      el(
        "button",
        {
          type: "button",
          onclick: () => {
            menu.hidden = true;
            sendText("/" + command.command);
          },
        },
        el("span", { class: "cmd" }, "/" + command.command),
        el("span", { class: "cmd-desc" }, command.description),
      ),
    );
  }
  if (!commands.length) menu.append(el("div", { class: "hint" }, "No commands yet"));
}

function wire() {
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("input");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    autosize();
    try {
      await sendText(text);
    } catch (error) {
      input.value = text;
    }
  });
  $("input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("input").addEventListener("input", autosize);
  $("start-button").addEventListener("click", () => sendText("/start"));
  $("keyboard-toggle").addEventListener("click", () => {
    const chat = chatOf(S.current);
    chat.kbHidden = !chat.kbHidden;
    renderReplyKeyboard();
  });
  $("attach-button").addEventListener("click", () => togglePopup("attach-menu"));
  $("commands-button").addEventListener("click", async () => {
    await renderCommands();
    togglePopup("commands-menu");
  });
  $("attach-menu").addEventListener("click", (event) => {
    const kind = event.target.closest("button")?.dataset.attach;
    if (!kind) return;
    $("attach-menu").hidden = true;
    if (kind === "photo") $("photo-input").click();
    else if (kind === "document") $("document-input").click();
    else if (kind === "voice") sendVoice();
    else if (kind === "location") shareLocation();
    else if (kind === "contact") shareContact();
  });
  for (const [id, kind] of [["photo-input", "photo"], ["document-input", "document"]]) {
    $(id).addEventListener("change", async (event) => {
      const file = event.target.files[0];
      event.target.value = "";
      if (file) await upload(kind, file);
    });
  }
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".popup, #attach-button, #commands-button")) {
      $("attach-menu").hidden = true;
      $("commands-menu").hidden = true;
    }
  });
  $("plus-hour").addEventListener("click", () => moveClock({ by: "1h" }));
  $("plus-day").addEventListener("click", () => moveClock({ by: "1d" }));
  $("to-next").addEventListener("click", () => moveClock({ next: true }));
  $("to-date").addEventListener("submit", (event) => {
    event.preventDefault();
    moveClock({ to: $("to-input").value });
  });
  $("reset").addEventListener("click", async () => {
    const answer = await dialog("Start again from a fresh database with the demo data? Every chat is emptied and the clock goes back to now.", { ok: "Reset" });
    if (answer) await api("/api/reset", {});
  });
  $("open-sidebar").addEventListener("click", openSidebar);
  $("persona-chip").addEventListener("click", openSidebar);
  $("close-sidebar").addEventListener("click", closeSidebar);
  $("scrim").addEventListener("click", closeSidebar);
}

function callbackAnswer(chatId, answer) {
  if (chatId !== S.current) return;
  const box = $("messages");
  for (const node of box.querySelectorAll(".kb-row button.busy")) node.classList.remove("busy");
  if (answer.url && !openLink(answer.url)) {
    const url = safeUrl(answer.url);
    if (url) window.open(url, "_blank", "noopener");
  }
  if (!answer.text) return;
  if (answer.show_alert) dialog(answer.text, { cancel: null });
  else toast(answer.text);
}

wire();
connect();
