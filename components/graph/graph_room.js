// The graph's room on the page: its height (the window below the graph's top), the split between
// the graph column and the reader column (drag the handle, arrow keys on it, or collapse the
// reader; remembered per browser in localStorage), and presenter mode's page layout (the graph in
// the area the reader leaves free, the reader a column on the right, nothing else over the graph).
//
// The page's columns are Streamlit's (pages/graph.py: st.columns with the keyed containers
// .st-key-graph-pane and .st-key-reader); this module only sets a CSS variable and a class on
// their row and adds one handle element to it.

import { tr } from "./graph_i18n.js";

const STORE = "topicGraph.split";
const ROOM_STYLE_ID = "tg-room-style";
const PRESENT_STYLE_ID = "tg-present-style";
export const SPLIT_DEFAULT = 0.66;      // graph column's share of the row
export const READER_MIN_PX = 340;       // the reader stays readable: about 45 characters of body text
export const GRAPH_MIN_SHARE = 0.35;
export const NARROW_PX = 640;           // below: phone layout, columns stacked, no split
const STRIP_PX = 40;                    // the collapsed reader: a strip with the button that reopens it

export function loadSplit() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) || "null");
    if (v && typeof v.share === "number" && v.share > 0.2 && v.share < 0.95) return { share: v.share, collapsed: !!v.collapsed };
  } catch (err) { /* private mode or a bad value: the default */ }
  return { share: SPLIT_DEFAULT, collapsed: false };
}

function saveSplit(split) {
  try { localStorage.setItem(STORE, JSON.stringify(split)); } catch (err) { /* not stored: still applied */ }
}

// The row holding the graph column and the reader column.
function splitRow() {
  const pane = document.querySelector(".st-key-graph-pane");
  const row = pane && pane.closest('[data-testid="stHorizontalBlock"]');
  return row && row.querySelector(":scope > [data-testid='stColumn'] .st-key-reader") ? row : null;
}

// The share the graph column may take in a row this wide (the reader keeps READER_MIN_PX).
function clampShare(share, width) {
  const max = width > 0 ? Math.max(GRAPH_MIN_SHARE, 1 - (READER_MIN_PX + 32) / width) : 0.8;  // + the gap
  return Math.min(Math.max(share, GRAPH_MIN_SHARE), max);
}

function roomCss() {
  return `
@media (min-width: ${NARROW_PX}px) {
[data-testid="stHorizontalBlock"].tg-split { position: relative; flex-wrap: nowrap; }
.tg-split > [data-testid="stColumn"]:first-child { flex: 0 0 var(--tg-graph-w) !important; width: var(--tg-graph-w) !important;
  max-width: var(--tg-graph-w) !important; min-width: 0 !important; }
.tg-split > [data-testid="stColumn"]:nth-child(2) { flex: 1 1 0 !important; width: auto !important; min-width: 0 !important; }
.tg-split.tg-reader-collapsed > [data-testid="stColumn"]:nth-child(2) > * { visibility: hidden; height: 0; overflow: hidden; }
.tg-split-handle { position: absolute; top: 0; bottom: 0; width: 14px; margin-left: -7px; z-index: 5; cursor: col-resize;
  display: flex; align-items: flex-start; justify-content: center; padding-top: 8rem; touch-action: none;
  background: none; border: 0; }
.tg-split-handle::before { content: ""; position: absolute; top: 0; bottom: 0; left: 6px; width: 2px; border-radius: 1px;
  background: transparent; }
.tg-split-handle:hover::before, .tg-split-handle:focus-visible::before, .tg-split-handle.tg-dragging::before {
  background: var(--primary-color, #ff4b4b); }
.tg-split-handle:focus-visible { outline: none; }
.tg-split-toggle { position: relative; z-index: 1; font: inherit; font-size: 0.8rem; line-height: 1; cursor: pointer;
  width: 1.6rem; height: 2.4rem; border-radius: 0.4rem; border: 1px solid rgba(128,128,128,.45);
  background: light-dark(#ffffff, #0e1117); color: inherit; }
.tg-split-toggle:focus-visible { outline: 2px solid var(--primary-color, #ff4b4b); outline-offset: 1px; }
}
@media (max-width: ${NARROW_PX - 0.02}px) { .tg-split-handle { display: none; } }
@media print { .tg-split-handle { display: none; } }`;
}

function ensureStyle(id, css) {
  const old = document.getElementById(id);
  const el = old || Object.assign(document.createElement("style"), { id });
  if (el.textContent !== css) el.textContent = css;
  if (!old) document.head.appendChild(el);
}

// Apply the split to the row (and keep the handle beside the graph column).
function layoutSplit(row, split) {
  const w = row.clientWidth;
  const collapsed = split.collapsed;
  const share = clampShare(split.share, w);
  const graphW = collapsed ? Math.max(w - STRIP_PX, 100) : Math.round(w * share);
  row.style.setProperty("--tg-graph-w", graphW + "px");
  row.classList.add("tg-split");
  row.classList.toggle("tg-reader-collapsed", collapsed);
  const handle = row.querySelector(":scope > .tg-split-handle");
  if (handle) {
    const col = row.querySelector(":scope > [data-testid='stColumn']");
    const gap = parseFloat(getComputedStyle(row).columnGap) || 0;
    handle.style.left = ((col ? col.offsetWidth : graphW) + gap / 2) + "px";
    handle.setAttribute("aria-valuenow", String(Math.round(share * 100)));
    const toggle = handle.querySelector("button");
    toggle.textContent = collapsed ? "‹" : "›";
    const label = collapsed ? tr("reader_show") : tr("reader_collapse");
    handle.setAttribute("aria-label", tr("resize"));
    toggle.title = label;
    toggle.setAttribute("aria-label", label);
    toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
  }
}

function makeHandle(row, state) {
  const handle = document.createElement("div");
  handle.className = "tg-split-handle";
  handle.setAttribute("role", "separator");
  handle.setAttribute("aria-orientation", "vertical");
  handle.setAttribute("aria-valuemin", String(Math.round(GRAPH_MIN_SHARE * 100)));
  handle.setAttribute("aria-valuemax", "95");
  handle.tabIndex = 0;
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "tg-split-toggle";
  toggle.addEventListener("click", (e) => {
    e.stopPropagation();
    state.split = { ...state.split, collapsed: !state.split.collapsed };
    saveSplit(state.split);
    layoutSplit(row, state.split);
  });
  toggle.addEventListener("pointerdown", (e) => e.stopPropagation());
  handle.appendChild(toggle);
  handle.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    handle.classList.add("tg-dragging");
    const left = row.getBoundingClientRect().left;
    const move = (ev) => {
      const w = row.clientWidth;
      state.split = { share: clampShare((ev.clientX - left) / w, w), collapsed: false };
      layoutSplit(row, state.split);
    };
    const up = () => {
      handle.classList.remove("tg-dragging");
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      handle.removeEventListener("pointercancel", up);
      saveSplit(state.split);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
    handle.addEventListener("pointercancel", up);
  });
  handle.addEventListener("keydown", (e) => {
    const w = row.clientWidth;
    let share = state.split.share;
    if (e.key === "ArrowLeft") share -= 0.05;
    else if (e.key === "ArrowRight") share += 0.05;
    else if (e.key === "Enter" || e.key === " ") { toggle.click(); e.preventDefault(); return; }
    else return;
    e.preventDefault();
    state.split = { share: clampShare(share, w), collapsed: false };
    saveSplit(state.split);
    layoutSplit(row, state.split);
  });
  return handle;
}

// Called on every render: find the row (Streamlit may have rebuilt it), give it the split and the
// handle. The row's size changes (window, sidebar) re-apply it; the canvas refits on its own
// resize (graph_frame's ResizeObserver).
export function installRoom(s) {
  ensureStyle(ROOM_STYLE_ID, roomCss());
  const state = window.__topicGraphRoom || (window.__topicGraphRoom = { split: loadSplit(), row: null, ro: null });
  const row = splitRow();
  if (!row || s.v.present) return;
  if (!row.querySelector(":scope > .tg-split-handle")) row.appendChild(makeHandle(row, state));
  if (state.row !== row) {
    if (state.ro) state.ro.disconnect();
    state.row = row;
    state.ro = new ResizeObserver(() => layoutSplit(row, state.split));
    state.ro.observe(row);
  }
  layoutSplit(row, state.split);
}

function scroller(el) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    if ((oy === "auto" || oy === "scroll") && p.scrollHeight > p.clientHeight) return p;
  }
  return document.scrollingElement;
}

// The graph's height: the window below its top (so the page needs no scrolling to see all of it),
// at least 360 px; `fallback` (the component's height argument) when the wrap is not placed yet.
export function roomHeight(s, fallback) {
  const host = s.root.host || s.root;
  const r = host.getBoundingClientRect();
  if (!r.width) return fallback;
  const sc = scroller(host);
  const top = r.top + (sc ? sc.scrollTop : 0) - (sc && sc !== document.scrollingElement ? sc.getBoundingClientRect().top : 0);
  return Math.max(360, Math.round(window.innerHeight - top - 16));
}

// The wrap's height for this view: presenter mode fills the window (CSS), a phone gets a strip of
// about half the screen, a desktop the window below the graph's top.
export function sizeRoom(s) {
  const data = s.data;
  if (!data) return;
  const narrow = window.innerWidth < NARROW_PX;
  const h = s.v.present ? "" : (narrow ? Math.min(data.height, Math.max(320, Math.round(window.innerHeight * 0.55)))
    : roomHeight(s, data.height)) + "px";
  if (s.wrap.style.height !== h) s.wrap.style.height = h;
}

// Keep the height right when the window changes size or the content above the graph does (the
// search box is drawn after the graph).
export function watchRoom(s) {
  if (s.roomWatch) return;
  let pending = false;
  s.roomWatch = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; sizeRoom(s); if (!s.v.present) installRoom(s); });
  };
  window.addEventListener("resize", s.roomWatch);
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (main) new ResizeObserver(s.roomWatch).observe(main);
}

// Presenter mode: the graph fills the window left of the reader (which is a full-height column
// on the right while a chapter is open, and gone otherwise: no "Start here" or route form over
// the graph); the app's sidebar and header step aside; reader text at 20 px or more.
export const PRESENT_READER = "min(34rem, 36vw)";
export function presentPage(on, palette) {
  const old = document.getElementById(PRESENT_STYLE_ID);
  if (!on) { if (old) old.remove(); return; }
  const css = `
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], .tg-split-handle { display: none !important; }
body:has(.st-key-reader h1#chapter) { --tg-present-right: ${PRESENT_READER}; }
.st-key-reader:not(:has(h1#chapter)) { display: none !important; }
.st-key-reader { position: fixed !important; top: 0; right: 0; bottom: 0; z-index: 1000010;
  width: ${PRESENT_READER} !important; max-height: none !important; height: 100vh !important;
  overflow: auto !important; padding: 1rem 1.25rem; background: ${palette.bg};
  border-left: 1px solid rgba(128,128,128,.45); font-size: 20px; }
.st-key-reader [class*="st-key-reader-view-"] { max-height: none !important; overflow: visible !important; }
.st-key-reader [data-testid="stMarkdownContainer"] p, .st-key-reader [data-testid="stMarkdownContainer"] li,
.st-key-reader [data-testid="stCaptionContainer"], .st-key-reader [data-testid="stCaptionContainer"] p,
.st-key-reader button p, .st-key-reader label p, .st-key-reader [data-testid="stMarkdownContainer"] code { font-size: 20px !important; }
.st-key-reader h1#chapter { font-size: 2.2rem !important; }
.st-key-reader h2 { font-size: 1.6rem !important; }`;
  ensureStyle(PRESENT_STYLE_ID, css);
}
