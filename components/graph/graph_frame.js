// View state: what the camera shows. Automatic framing (first draw, filter or local-graph change,
// resize: the visible nodes; a selection: the chapter and its neighbourhood at a readable zoom),
// unless the reader has zoomed or panned by hand since the last automatic framing.

import { labelExtent } from "./graph_labels.js";

const EASE = { duration: 380, easingFunction: "easeInOutQuad" };

export function canvasSize(s) {
  return { w: s.canvas.clientWidth, h: s.canvas.clientHeight };
}

// Move the camera so that `ids` fill the canvas with a margin; scale capped at `maxScale`,
// and raised to `minScale` (centred on the bounding box) when a readable zoom is wanted.
export function frameNodes(s, ids, { animate = false, maxScale = 1.6, minScale = 0, margin = 36 } = {}) {
  const { w: fullW, h: full } = canvasSize(s);
  const inset = s.v.present ? s.legend.offsetHeight : 0;  // presenter mode: the legend floats over the bottom
  // and the toolbar over its top left corner
  const top = s.v.present && s.toolbar ? s.toolbar.offsetTop + s.toolbar.offsetHeight : 0;
  const h = full - inset - top;
  const reader = s.v.present ? document.querySelector(".st-key-reader") : null;  // and the reader on the right
  const rr = reader && reader.querySelector("h1") ? reader.getBoundingClientRect() : null;
  const cr = rr ? s.canvas.getBoundingClientRect() : null;  // only the part of the canvas it covers
  const over = cr ? cr.right - rr.left : 0;
  const right = rr && rr.width < fullW * 0.6 && over > 0 ? over + 12 : 0;
  const w = fullW - right;
  if (!s.network || !ids.length || w < 10 || h < 10) return false;
  const nodes = ids.map((id) => s.base.get(id)).filter(Boolean);
  if (!nodes.length) return false;
  // The screen box (px, origin at canvas 0,0) of the nodes and of their always-shown names below
  // them at `scale`: names keep their size on screen whatever the zoom, so they are part of the fit.
  const extent = (scale) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const n of nodes) {
      const x = n.x * scale, y = n.y * scale, r = n.size * scale;
      x0 = Math.min(x0, x - r); x1 = Math.max(x1, x + r); y0 = Math.min(y0, y - r); y1 = Math.max(y1, y + r);
      const e = labelExtent(s, n.id, scale);
      if (e) {
        x0 = Math.min(x0, x - e.w / 2); x1 = Math.max(x1, x + e.w / 2); y1 = Math.max(y1, y + r + 2 + e.h);
      }
    }
    return { x0, y0, x1, y1 };
  };
  const m = Math.min(margin, w / 8, h / 8);
  // The zoom that fits the nodes alone, then less by the names' overhang (a fixed number of px
  // beyond the nodes' box): never below 3/4 of it, where names give way (moved or shortened) instead.
  let dx = 0, dy = 0;
  {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const n of nodes) {
      x0 = Math.min(x0, n.x - n.size); x1 = Math.max(x1, n.x + n.size);
      y0 = Math.min(y0, n.y - n.size); y1 = Math.max(y1, n.y + n.size);
    }
    dx = Math.max(x1 - x0, 1); dy = Math.max(y1 - y0, 1);
  }
  const nodesOnly = Math.min((w - 2 * m) / dx, (h - 2 * m) / dy, maxScale);
  let scale = nodesOnly;
  for (let i = 0; i < 5; i += 1) {
    const b = extent(scale);
    const overX = b.x1 - b.x0 - dx * scale, overY = b.y1 - b.y0 - dy * scale;
    const next = Math.max(Math.min((w - 2 * m - overX) / dx, (h - 2 * m - overY) / dy, maxScale), nodesOnly * 0.75);
    if (Math.abs(next - scale) < scale * 0.01) { scale = next; break; }
    scale = next;
  }
  scale = Math.max(Math.min(scale, maxScale), minScale);
  const b = extent(scale);
  const position = { x: (b.x0 + b.x1) / 2 / scale + right / 2 / scale, y: (b.y0 + b.y1) / 2 / scale + (inset / 2 - top / 2) / scale };
  s.autoMoving = true;
  s.network.moveTo({ position, scale, animation: animate ? EASE : false });
  if (!animate) s.autoMoving = false;
  s.userMoved = false;
  return true;
}

export function visibleIds(s) {
  return [...s.base.keys()].filter((id) => !s.hiddenNow.has(id));
}

// The neighbourhood of the selection, readable: labels of the chapter and its neighbours at
// `readable` px or more (their font grows with 1/zoom, so the zoom itself need not be extreme).
export function frameSelection(s, animate) {
  const sel = s.v.selected;
  if (!sel || !s.base.has(sel)) return frameVisible(s, animate);
  const around = [sel, ...(s.adjacent.get(sel) || [])].filter((id) => !s.hiddenNow.has(id));
  return frameNodes(s, around, { animate, maxScale: 1.4, margin: 60 });
}

// The route, else what matches the filters (in fade mode the faded rest stays drawn around it, and
// the selection counts as a match), else everything drawn.
export function frameVisible(s, animate) {
  if (s.v.route.length) return frameNodes(s, s.v.route.filter((id) => !s.hiddenNow.has(id)), { animate });
  const all = visibleIds(s);
  const m = s.v.matchingSet;
  const matches = m ? all.filter((id) => m.has(id) || id === s.v.selected) : all;
  return frameNodes(s, matches.length ? matches : all, { animate, maxScale: s.v.localSet ? 1.6 : 1.2 });
}

// The framing that fits the current view: the route, the selection's neighbourhood, or all.
export function frameAuto(s, animate) {
  if (s.v.route.length) return frameVisible(s, animate);
  if (s.v.selected && !s.v.localSet) return frameSelection(s, animate);
  return frameVisible(s, animate);
}

export function zoomBy(s, factor) {
  const scale = s.network.getScale() * factor;
  s.network.moveTo({ scale, animation: { duration: 180, easingFunction: "easeInOutQuad" } });
  s.userMoved = true;
}

// The node stays visible when the reader had moved the camera: pan just enough, keep the zoom.
export function keepInView(s, id) {
  if (!s.base.has(id) || s.hiddenNow.has(id)) return;
  const p = s.network.canvasToDOM(s.network.getPositions([id])[id]);
  const { w, h } = canvasSize(s), m = 40;
  if (p.x < m || p.y < m || p.x > w - m || p.y > h - m) {
    s.network.focus(id, { scale: s.network.getScale(), animation: EASE });
  }
}

// Track hand-made camera moves, and refit on container size changes.
export function watchCamera(s, onZoom) {
  // Nodes cannot be dragged (positions are stored), so any drag pans the view.
  s.network.on("dragEnd", () => { s.userMoved = true; onZoom(); });
  s.network.on("zoom", () => { if (!s.autoMoving && !s.resizing) s.userMoved = true; onZoom(); });
  s.network.on("animationFinished", () => { s.autoMoving = false; onZoom(); });
  let last = "";
  const ro = new ResizeObserver(() => {
    const { w, h } = canvasSize(s);
    const key = `${w}x${h}`;
    if (key === last || w < 10 || h < 10) return;
    last = key;
    s.resizing = true;
    s.network.setSize("100%", "100%");
    s.network.redraw();
    s.resizing = false;
    if (!s.userMoved) frameAuto(s, false);
    onZoom();
  });
  ro.observe(s.canvas);
  return () => ro.disconnect();
}
