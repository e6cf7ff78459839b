// Keyboard, links and history, and the reader following the selection.
//
// History: Streamlit pushes a history entry whenever the app changes the URL (state.sync_url) and
// reruns the app on Back/Forward, where the server restores the view from the URL. So this side
// only has to keep chapter links inside the page: a plain left click on `a[href*="?chapter="]`
// becomes a `nav` trigger (the server selects the chapter, the URL change is the history entry);
// middle/ctrl/shift clicks, "open in new tab" and "copy link" keep the real href.

import { tr } from "./graph_i18n.js";
import { frameVisible, keepInView, zoomBy } from "./graph_frame.js";

const active = () => {
  const s = window.__topicGraphActive;
  const host = s && (s.root.host || s.root);
  return s && s.network && host.isConnected ? s : null;
};

const typing = (el) => !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
  || el.getAttribute?.("role") === "combobox");

// The deepest element of an event, through shadow roots.
const origin = (e) => (e.composedPath && e.composedPath()[0]) || e.target;

export function installDocumentHandlers() {
  if (window.__topicGraphDocHandlers) return;
  window.__topicGraphDocHandlers = true;

  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((el) => el.tagName === "A" && el.hasAttribute?.("href"));
    // A fragment link (the skip link "#chapter") stays in the page: resolved against a
    // ?chapter= address it would otherwise look like a chapter link.
    if (!a || a.hasAttribute("download") || a.getAttribute("href").startsWith("#")) return;
    const url = new URL(a.getAttribute("href"), location.href);
    const s = active();
    if (!s || url.origin !== location.origin || url.pathname !== location.pathname
        || !url.searchParams.get("chapter")) return;
    e.preventDefault();
    e.stopPropagation();
    const params = new URLSearchParams(location.search);
    for (const [k, v] of url.searchParams) params.set(k, v);
    s.pendingFocus = true;
    hideTooltip(s);
    s.setTrigger("nav", "?" + params.toString());
  }, true);

  document.addEventListener("keydown", (e) => {
    const s = active();
    if (!s || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = origin(e);
    if (typing(el) || typing(document.activeElement)) return;
    if (e.key === "Escape" && s.v.selected && !document.querySelector('[role="dialog"], [data-baseweb="popover"]')) {
      e.preventDefault();
      s.setTrigger("close", s.v.selected);
      return;
    }
    // Presenter mode: the arrow keys walk "where to go next" from anywhere on the page.
    if (s.v.present && !s.canvas.contains(el) && walkNext(s, e.key)) e.preventDefault();
  });
}

// Presenter mode: → and ← play a route step by step (the first → opens step 1); with no route,
// → follows "where to go next" and ← goes back.
function walkNext(s, key) {
  const forward = key === "ArrowRight" || key === "ArrowDown" || key === "PageDown";
  const backward = key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp";
  const route = s.v.route.filter((id) => !s.hiddenNow.has(id));
  if (route.length && (forward || backward)) {
    const at = route.indexOf(s.v.selected);
    const to = forward ? (at < 0 ? 0 : at + 1) : (at < 0 ? route.length - 1 : at - 1);
    if (to >= 0 && to < route.length) {
      open(s, route[to], false);
      s.announce(tr("step", { step: to + 1, total: route.length, title: s.base.get(route[to]).fullTitle }));
    } else {
      s.announce(forward ? tr("route_last") : tr("route_first"));
    }
    return true;
  }
  if (forward) {
    const sel = s.v.selected;
    const next = sel ? (s.nextOf.get(sel) || []).find((id) => !s.hiddenNow.has(id)) : null;
    if (next) open(s, next, false);
    else if (!sel && s.v.route.length) open(s, s.v.route[0], false);
    return true;
  }
  if (backward) {
    history.back();
    return true;
  }
  return false;
}

export function open(s, id, focusReader) {
  if (id.startsWith("theme:")) { s.openCluster(id); return; }  // a closed theme (overview mode) opens in place
  s.pendingFocus = focusReader;
  hideTooltip(s);
  s.setTrigger("clicked", id);
}

export function hideTooltip(s) {
  const popup = s.network && s.network.interactionHandler && s.network.interactionHandler.popup;
  if (popup && !popup.hidden) popup.hide();
  for (const t of s.canvas.querySelectorAll(".vis-tooltip")) t.style.visibility = "hidden";
}

const DIRS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

// The neighbour of `from` that lies most nearly in direction `dir` (within ±70°), nearer ones first.
export function neighbourToward(s, from, dir) {
  const a = s.base.get(from);
  let best = null;
  for (const id of s.adjacent.get(from) || []) {
    if (s.hiddenNow.has(id)) continue;
    const b = s.base.get(id);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const cos = (dx * dir[0] + dy * dir[1]) / d;
    if (cos < 0.34) continue;
    const score = cos * 2 - d / 2000;
    if (!best || score > best.score) best = { id, score };
  }
  return best && best.id;
}

function nearestToCentre(s) {
  const c = s.network.getViewPosition();
  let best = null;
  for (const [id, n] of s.base) {
    if (s.hiddenNow.has(id)) continue;
    const d = Math.hypot(n.x - c.x, n.y - c.y);
    if (!best || d < best.d) best = { id, d };
  }
  return best && best.id;
}

export function describe(s, id) {
  const n = s.base.get(id);
  if (n.cluster) return tr("theme_closed", { name: n.fullTitle, n: n.count });
  const near = [...(s.adjacent.get(id) || [])].filter((x) => !s.hiddenNow.has(x)).length;
  return tr("describe", { title: n.fullTitle, theme: n.themeName, difficulty: n.difficulty, n: near });
}

// Keys on the focused graph: arrows move a cursor between neighbours, Enter opens, +/- zoom, 0 fits.
export function installGraphKeys(s, moveCursor) {
  s.canvas.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !s.network) return;
    if (s.v.present && walkNext(s, e.key)) { e.preventDefault(); return; }
    if (DIRS[e.key]) {
      e.preventDefault();
      const from = s.v.cursor && s.base.has(s.v.cursor) && !s.hiddenNow.has(s.v.cursor) ? s.v.cursor
        : s.v.selected && !s.hiddenNow.has(s.v.selected) ? s.v.selected : null;
      const to = from ? neighbourToward(s, from, DIRS[e.key]) : nearestToCentre(s);
      if (to) {
        moveCursor(to);
        keepInView(s, to);
        s.announce(describe(s, to) + " " + tr("enter_opens"));
      } else {
        s.announce(tr("no_neighbour"));
      }
    } else if (e.key === "Enter" || e.key === " ") {
      const id = s.v.cursor || s.v.selected;
      if (id) {
        e.preventDefault();
        open(s, id, false);  // focus stays on the graph, so the walk can go on; the live region says where
        s.announce(tr("opened", { title: s.base.get(id).fullTitle }));
      }
    } else if (e.key === "+" || e.key === "=") {
      e.preventDefault(); zoomBy(s, 1.3);
    } else if (e.key === "-" || e.key === "_") {
      e.preventDefault(); zoomBy(s, 1 / 1.3);
    } else if (e.key === "0") {
      e.preventDefault(); frameVisible(s, true);
    }
  });
}

// When the reader last touched, scrolled, clicked or typed anywhere in the page (performance.now()).
let lastInput = -1;
for (const ev of ["touchstart", "wheel", "keydown", "pointerdown"]) {
  window.addEventListener(ev, () => { lastInput = performance.now(); }, { passive: true, capture: true });
}

// After a new chapter: the reader shows its top (or, on a phone, the page scrolls to it), and
// focus moves to the title when the change came from a link or the keyboard.
export function followReader(title, focus) {
  const started = performance.now();
  const step = () => {
    const h = document.querySelector("h1#chapter");
    if (!h || h.textContent.trim() !== title.trim()) {
      if (performance.now() - started < 6000) requestAnimationFrame(step);
      return;
    }
    if (window.innerWidth < 640) {
      if (lastInput < started) h.scrollIntoView({ block: "start" });
      // The page may still grow above the title (graph strip, legend, notices): keep it in view a moment.
      // A reader who touches, scrolls, types or opens the sidebar after the chapter was asked for
      // takes over (also before its title appeared): the hold never pulls them back.
      const until = performance.now() + 1500;
      const hold = () => {
        const r = h.isConnected && lastInput < started ? h.getBoundingClientRect() : null;
        if (!r || performance.now() >= until) return;
        if (r.top < 0 || r.top > window.innerHeight / 3) h.scrollIntoView({ block: "start" });
        requestAnimationFrame(hold);
      };
      requestAnimationFrame(hold);
    } else {
      const reader = document.querySelector(".st-key-reader");
      for (let el = reader; el && el !== document.body; el = el.parentElement) {
        const oy = getComputedStyle(el).overflowY;
        if ((oy === "auto" || oy === "scroll") && el.scrollHeight > el.clientHeight) { el.scrollTop = 0; break; }
      }
      for (const el of reader ? reader.querySelectorAll("*") : []) {
        const oy = getComputedStyle(el).overflowY;
        if ((oy === "auto" || oy === "scroll") && el.scrollTop > 0 && el.contains(h)) el.scrollTop = 0;
      }
      const r = h.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) h.scrollIntoView({ block: "nearest" });
    }
    if (focus) {
      h.setAttribute("tabindex", "-1");
      h.focus({ preventScroll: true });
    }
  };
  requestAnimationFrame(step);
}
