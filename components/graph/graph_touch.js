// Taps and clicks that miss a small node: a finger covers ~10 mm, while a chapter on a phone is
// drawn a few pixels wide. A tap that hits no node opens the nearest chapter within TAP_PX (a
// 44 px target, the usual touch size), or, when two chapters are about equally near, zooms into
// that spot first so the next tap can tell them apart. A mouse click gets a smaller tolerance.
// Tooltips are a hover thing: after a touch they stay hidden (a finger never "leaves" a node, so
// vis would keep its tooltip up).

import { tr } from "./graph_i18n.js";

export const TAP_PX = 24;
export const CLICK_PX = 8;
const AMBIGUOUS_PX = 5;   // two candidates nearer to each other's distance than this: zoom first

export const DOT_MIN_PX = 4;  // on a phone a chapter is drawn at least this radius (about 3 mm across)

// The smallest node radius in canvas units at this zoom (0: no minimum off a phone).
export function dotMin(scale) {
  return window.innerWidth < 640 && scale > 0 ? DOT_MIN_PX / scale : 0;
}

function nearest(s, x, y, radius) {
  const found = [];
  const scale = s.network.getScale();
  for (const [id, n] of s.base) {
    if (n.cluster || s.hiddenNow.has(id)) continue;
    const p = s.network.canvasToDOM({ x: n.x, y: n.y });
    const d = Math.max(0, Math.hypot(p.x - x, p.y - y) - Math.max(n.size * scale, dotMin(scale) * scale));
    if (d <= radius) found.push({ id, d });
  }
  return found.sort((a, b) => a.d - b.d);
}

// What a tap or click at canvas point (x, y) that hit no node does: the id to open, a zoom, or nothing.
export function missedTap(s, x, y, touch) {
  const near = nearest(s, x, y, touch ? TAP_PX : CLICK_PX);
  if (!near.length) return null;
  if (touch && near.length > 1 && near[1].d - near[0].d < AMBIGUOUS_PX) return { zoom: true };
  return { id: near[0].id };
}

export function installTouch(s, open) {
  if (!s.wrap.querySelector("style[data-tg-touch]")) {
    const style = document.createElement("style");
    style.setAttribute("data-tg-touch", "");
    style.textContent = ".tg-touch .vis-tooltip { display: none !important; }";
    s.wrap.appendChild(style);
  }
  if (!s.touchWatch) {
    s.touchWatch = true;
    s.wrap.addEventListener("pointerdown", (e) => {
      s.lastPointer = e.pointerType;
      s.wrap.classList.toggle("tg-touch", e.pointerType === "touch" || e.pointerType === "pen");
    }, true);
    s.wrap.addEventListener("pointermove", (e) => {
      if (e.pointerType === "mouse" && s.lastPointer !== "touch") s.wrap.classList.remove("tg-touch");
    }, true);
  }
  s.network.on("click", (p) => {
    if (p.nodes.length || !p.pointer || !p.pointer.DOM) return;
    const src = p.event && (p.event.pointerType || (p.event.srcEvent && p.event.srcEvent.pointerType));
    const touch = src === "touch" || src === "pen" || s.lastPointer === "touch";
    const { x, y } = p.pointer.DOM;
    const hit = missedTap(s, x, y, touch);
    if (!hit) return;
    if (hit.zoom) {
      const at = s.network.DOMtoCanvas({ x, y });
      s.network.moveTo({ position: at, scale: s.network.getScale() * 2.5,
                         animation: { duration: 300, easingFunction: "easeInOutQuad" } });
      s.userMoved = true;
      s.announce(tr("tap_zoomed"));
      return;
    }
    s.v.cursor = null;
    open(s, hit.id, false);
  });
}
