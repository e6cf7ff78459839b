// Words on the canvas: chapter names, route step numbers and theme names, placed in screen pixels
// after vis has drawn edges and nodes, so no line or dot is ever drawn over a word.
//
// Every frame whose camera differs from the last one places the words again, most important first:
// the selected chapter, the keyboard cursor, route steps (the number disc is part of the label's box,
// so a number can never sit apart from its name or on another one), search hits, the selection's
// neighbours, theme names, then every other chapter by its number of links. A name takes the first
// slot beside its node (below, above, right, left, the four corners) that is inside the canvas and
// overlaps no word already placed, preferring slots that cover no other node; if none fits, a
// shortened name ("…", the full name is in the node's tooltip and the reader) tries again; else it
// is left out. Placed boxes go into a uniform grid, so a frame costs O(drawn nodes) rather than the
// square of it, and text widths are measured once per name (widths scale with the font size).
// A theme name sits on or beside the centroid of its theme's drawn chapters, nearer that centroid
// than any other theme's, or is left out.

import { textShade } from "./graph_draw.js";
import { dotMin } from "./graph_touch.js";

export const BASE_FONT = 14;      // a chapter name's size in canvas units at zoom 1…
export const LABEL_MIN_PX = 10;   // …shown only from this size on screen (below it, a speck)
const FONT = "sans-serif";
const REF = 100;                  // widths are measured once at this size
const CELL = 56;                  // grid cell, px
const PAD = 2;                    // room between a word and the canvas edge, another word or its node
const widths = new Map();
const measureCtx = document.createElement("canvas").getContext("2d");

function width(text, weight, px) {
  const key = weight + "|" + text;
  let w = widths.get(key);
  if (w === undefined) {
    measureCtx.font = `${weight} ${REF}px ${FONT}`;
    w = measureCtx.measureText(text).width;
    widths.set(key, w);
    if (widths.size > 50000) widths.clear();
  }
  return (w * px) / REF;
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// Boxes in a uniform grid: insert and overlap queries touch only the cells a box covers.
class Grid {
  constructor() { this.cells = new Map(); }
  static key(cx, cy) { return (cx + 4096) * 8192 + (cy + 4096); }
  span(r, fn) {
    const x0 = Math.floor(r.x / CELL), x1 = Math.floor((r.x + r.w) / CELL);
    const y0 = Math.floor(r.y / CELL), y1 = Math.floor((r.y + r.h) / CELL);
    for (let cx = x0; cx <= x1; cx += 1) for (let cy = y0; cy <= y1; cy += 1) if (fn(Grid.key(cx, cy))) return true;
    return false;
  }
  add(r) {
    this.span(r, (k) => { const c = this.cells.get(k); if (c) c.push(r); else this.cells.set(k, [r]); return false; });
  }
  // How many distinct boxes `r` overlaps (a box spanning several cells counts once).
  count(r) {
    const seen = new Set();
    this.span(r, (k) => {
      for (const o of this.cells.get(k) || []) {
        if (overlaps(r, o)) seen.add(o);
      }
      return false;
    });
    return seen.size;
  }
  hits(r, skip) {
    return this.span(r, (k) => {
      const c = this.cells.get(k);
      if (!c) return false;
      for (const o of c) {
        if (o.id !== undefined && o.id === skip) continue;
        if (overlaps(r, o)) return true;
      }
      return false;
    });
  }
}

function shorten(text, n) {
  return text.length <= n ? null : text.slice(0, n - 1).replace(/[\s,:;(–-]+$/, "") + "…";
}

// Priority class of a chapter's name (lower first); null: not a word that is always wanted.
function rank(id, v) {
  if (id === v.selected) return 0;
  if (id === v.cursor) return 1;
  if (v.routeIndex.has(id)) return 2;
  if (v.marked && v.marked.has(id)) return 3;
  if (v.neighbours.has(id)) return 4;
  if (v.localSet && v.localSet.size <= 40) return 5;
  return null;
}

// Screen font size of a chapter's name at `scale`; priority names never drop below readable.
export function fontPx(v, id, scale, prio) {
  const cap = v.present ? 24 : 16;
  const base = Math.min(BASE_FONT * scale, cap);
  if (prio === null || prio === undefined) return base;
  const px = Math.max(v.readable, base);
  return id === v.selected ? px + 2 : px;
}

// A route's goal is named first (it is what the reader asked for), then its steps in reading order.
function routeOrder(v, id) {
  const i = v.routeIndex.get(id);
  return i === v.routeIndex.size - 1 ? -1 : i;
}

// The candidates in priority order, rebuilt when the view changes (not per frame).
export function orderWords(s) {
  const v = s.v;
  const prio = [], rest = [];
  for (const [id, n] of s.base) {
    if (n.cluster || s.hiddenNow.has(id)) continue;
    const r = rank(id, v);
    if (r === null) rest.push(n);
    else prio.push([r, v.routeIndex.has(id) ? routeOrder(v, id) : -n.size, n]);
  }
  prio.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  rest.sort((a, b) => b.size - a.size);
  s.wordOrder = { prio: prio.map(([r, , n]) => [r, n]), rest };
  s.wordsKey = null;
}

// Slots beside the node: below, above, right, left, the four corners; for names that must show
// (`far`), then a ring one and two lines further out, tied to the node by a leader line.
function slots(p, r, w, h, far) {
  const d = r * 0.72;
  const out = [
    [p.x - w / 2, p.y + r + PAD], [p.x - w / 2, p.y - r - PAD - h],
    [p.x + r + PAD, p.y - h / 2], [p.x - r - PAD - w, p.y - h / 2],
    [p.x + d, p.y + d], [p.x - d - w, p.y + d], [p.x + d, p.y - d - h], [p.x - d - w, p.y - d - h],
  ];
  if (far) {
    for (const k of [1, 2]) {
      const g = k * h * 1.1;
      out.push([p.x - w / 2, p.y + r + PAD + g], [p.x - w / 2, p.y - r - PAD - h - g],
               [p.x + d + g * 0.6, p.y + d + g * 0.6], [p.x - d - w - g * 0.6, p.y + d + g * 0.6],
               [p.x + d + g * 0.6, p.y - d - h - g * 0.6], [p.x - d - w - g * 0.6, p.y - d - h - g * 0.6],
               [p.x + r + PAD + g * 1.5, p.y - h / 2], [p.x - r - PAD - w - g * 1.5, p.y - h / 2]);
    }
  }
  return out;
}

// A route step's slots keep its number disc (`dd` wide, at the box's node side) next to the node:
// [x, y, disc on the right].
function routeSlots(p, r, w, h, dd) {
  const rr = dd / 2, d = r * 0.72;
  const out = [
    [p.x + r + PAD, p.y - h / 2, false], [p.x - r - PAD - w, p.y - h / 2, true],
    [p.x - rr, p.y + r + PAD, false], [p.x - rr, p.y - r - PAD - h, false],
    [p.x + rr - w, p.y + r + PAD, true], [p.x + rr - w, p.y - r - PAD - h, true],
    [p.x + d, p.y + d, false], [p.x - d - w, p.y + d, true], [p.x + d, p.y - d - h, false], [p.x - d - w, p.y - d - h, true],
  ];
  for (const k of [1, 2]) {
    const g = k * h * 1.1;
    out.push([p.x + r + PAD + g, p.y - h / 2, false], [p.x - r - PAD - w - g, p.y - h / 2, true],
             [p.x - rr, p.y + r + PAD + g, false], [p.x - rr, p.y - r - PAD - h - g, false],
             [p.x + rr - w, p.y + r + PAD + g, true], [p.x + rr - w, p.y - r - PAD - h - g, true]);
  }
  return out;
}

// Place every word for the current camera. `toScreen(n)` maps canvas to canvas-element px.
export function placeWords(s, W, H, scale, toScreen, blocked) {
  const v = s.v;
  const dots = new Grid(), specks = new Grid();
  let words = null;
  const lit = new Set();  // themes with a drawn chapter that is not faded
  const inside = (r) => r.x >= PAD && r.y >= PAD && r.x + r.w <= W - PAD && r.y + r.h <= H - PAD;
  const screen = new Map();
  const centroids = new Map(), edgeCentroids = new Map();
  const minR = dotMin(v.qscale);  // a phone draws no dot smaller than this (restyle)
  for (const [id, n] of s.base) {
    if (s.hiddenNow.has(id)) continue;
    const p = toScreen(n);
    const r = (n.cluster ? n.size : Math.max(n.size, minR)) * scale;
    if (p.x < -r || p.y < -r || p.x > W + r || p.y > H + r) continue;
    screen.set(id, p);
    if (n.cluster) {
      centroids.set(n.theme, { x: p.x, y: p.y, n: 1, bubble: n, r });
      continue;
    }
    const dot = { id, x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r };
    const faded = isFaded(id, v);
    // A chapter's name keeps clear of dots a reader looks at, not of specks or of the faded background
    // (a route's or a filter's names would otherwise be shortened for dots nobody is reading)…
    if (r >= 2.5 && !faded) dots.add(dot);
    specks.add(dot);  // …but a theme name keeps clear of every dot: many under one read as noise
    if (!faded) lit.add(n.theme);
    // Each theme's centre twice: over the chapters whose centre is on the canvas, and over those with any
    // part of their dot on it. A dot cut by the edge may or may not read as part of the picture, so a
    // theme name must sit nearest its own cluster by both counts.
    const e = edgeCentroids.get(n.theme) || { x: 0, y: 0, n: 0 };
    e.x += p.x; e.y += p.y; e.n += 1;
    edgeCentroids.set(n.theme, e);
    if (p.x < 0 || p.y < 0 || p.x > W || p.y > H) continue;
    const c = centroids.get(n.theme) || { x: 0, y: 0, n: 0 };
    c.x += p.x; c.y += p.y; c.n += 1;
    centroids.set(n.theme, c);
  }
  for (const c of centroids.values()) if (!c.bubble) { c.x /= c.n; c.y /= c.n; }
  for (const c of edgeCentroids.values()) { c.x /= c.n; c.y /= c.n; }
  for (const [t, c] of centroids) if (c.bubble) edgeCentroids.set(t, c);
  let labels = [];
  let level = 0, missed = 0;  // route steps: how many name forms are skipped; steps left without a number
  // The PNG is drawn at `exportScale` times the screen: names that are specks on screen read there.
  const minPx = s.exportScale ? Math.max(LABEL_MIN_PX / s.exportScale, 4) : s.v.present ? 20 : LABEL_MIN_PX;  // a room: 20 px or none
  const tryLabel = (n, prio) => {
    const p = screen.get(n.id);
    if (!p || p.x < 0 || p.y < 0 || p.x > W || p.y > H) return;
    const px = fontPx(v, n.id, scale, prio);
    if (px < minPx) return;
    const weight = n.id === v.selected ? 700 : prio !== null && prio <= 4 ? 600 : 400;
    const r = Math.max(n.size, minR) * scale;
    const h = Math.ceil(px * 1.25);
    const step = v.routeIndex.get(n.id);
    const disc = step === undefined ? 0 : Math.ceil(px * 1.3);  // the route number's disc, left of the name
    const full = s.labels.get(n.id) || "";
    let texts = [full, shorten(full, 22), shorten(full, 14)].filter((t) => t !== null);
    if (disc) {
      texts.push("");  // a route step keeps at least its number
      texts = texts.slice(Math.min(level, texts.length - 1));
    }
    // The names that must show keep their full text before they keep clear of other dots; the rest
    // keep clear of dots first (they are many, and a covered dot is a chapter one cannot see), and so
    // do route steps (each must keep room for at least its number).
    const attempts = prio !== null && prio <= 4 && !disc ? texts.flatMap((x) => [[true, x], [false, x]])
      : [true, false].flatMap((st) => texts.map((x) => [st, x]));
    {
      for (const [strict, text] of attempts) {
        const tw = text ? width(text, weight, px) + 4 : 0;
        const w = disc + (text && disc ? 3 : 0) + tw;
        const cands = disc ? routeSlots(p, r, w, h, disc) : slots(p, r, w, h, prio !== null);
        const near = disc ? 10 : 8;  // beyond these, a leader line ties the name to its node
        for (let i = 0; i < cands.length; i += 1) {
          const [x, y, discRight] = cands[i];
          const box = { x, y, w, h };
          if (!inside(box) || words.hits(box)) continue;
          if (strict && dots.hits(box, n.id)) continue;
          words.add(box);
          labels.push({ id: n.id, text, full, x, y, w, h, px, weight, disc, step,
                        faded: isFaded(n.id, v), prio, discRight: !!discRight,
                        leader: i >= near ? { x: p.x, y: p.y, r } : null });
          return;
        }
      }
    }
    if (disc) missed += 1;
  };
  const order = s.wordOrder || { prio: [], rest: [] };
  // Every route step must show its number: when long names leave a step no room, all steps try again
  // with shorter forms of their names (a 14-step route on a phone reads as numbers and short names).
  for (level = 0; level < 4; level += 1) {
    words = new Grid();
    for (const b of blocked) words.add(b);
    labels = [];
    missed = 0;
    for (const [r, n] of order.prio) tryLabel(n, r);
    if (!missed) break;
  }
  const themes = placeThemes(s, W, H, centroids, edgeCentroids, words, specks, inside, lit);
  for (const n of order.rest) tryLabel(n, null);
  return { labels, themes };
}

function isFaded(id, v) {
  if (id === v.selected || (v.marked && v.marked.has(id))) return false;
  return (v.matchingSet && !v.matchingSet.has(id) && !v.routeIndex.has(id)) || (v.routeIndex.size > 0 && !v.routeIndex.has(id));
}

// Theme names (and overview bubbles' names): on the centroid or on a ring around it, nearer their own
// centroid than any other theme's; bigger themes first; never over a word.
function placeThemes(s, W, H, centroids, edgeCentroids, words, dots, inside, lit) {
  const v = s.v;
  const px = v.present ? 20 : 13;
  const out = [];
  const all = [...centroids.entries()];
  // With a filter or a route, a theme with nothing lit is background: its name is faded like its
  // chapters and placed after the names of the themes that are lit.
  const fading = !!v.matchingSet || v.routeIndex.size > 0;
  const dim = (theme, c) => fading && !c.bubble && !lit.has(theme);
  const weight = ([t, c]) => (dim(t, c) ? 0 : 1e9) + (c.bubble ? c.bubble.count : c.n);
  const items = all.sort((a, b) => weight(b) - weight(a));
  for (const [theme, c] of items) {
    const th = s.graph.themes[theme];
    let name = th.name;
    if (c.bubble) {
      const m = v.themeMatch ? v.themeMatch.get(theme) || 0 : c.bubble.count;
      name += m === c.bubble.count ? ` (${c.bubble.count})` : ` (${m} of ${c.bubble.count})`;
    }
    const w = width(name, 600, px) + 8, h = Math.ceil(px * 1.35);
    const nearestIn = (x, y, own, others) => {
      const mine = Math.hypot(x - own.x, y - own.y);
      for (const [t, o] of others) if (t !== theme && Math.hypot(x - o.x, y - o.y) <= mine * 1.05 + 2) return false;
      return true;
    };
    const edge = edgeCentroids.get(theme) || c;
    const nearest = (x, y) => nearestIn(x, y, c, all) && nearestIn(x, y, edge, edgeCentroids);
    // The first spot (centre outwards) that covers no chapter's dot; a dense cluster may have none
    // near its centre, so the search reaches further for a clear spot than it settles for a covered
    // one. Failing a clear spot, the one covering fewest dots gets a backdrop, so the name reads and
    // the dots under it show as dimmed rather than as specks through the letters.
    let best = null, fewest = Infinity;
    const reach = c.bubble ? Math.max(c.r * 1.3, 3 * h) : 4 * h;
    const far = c.bubble ? reach : 6 * h;
    for (let rad = 0; rad <= far && (best === null || fewest > 0); rad += h * 0.75) {
      const steps = rad === 0 ? 1 : 16;
      for (let k = 0; k < steps; k += 1) {
        const a = (k / steps) * Math.PI * 2 + 0.3;
        const cx = c.x + Math.cos(a) * rad * 1.4, cy = c.y + Math.sin(a) * rad;
        const box = { x: cx - w / 2, y: cy - h / 2, w, h };
        if (!inside(box) || words.hits(box) || !nearest(cx, cy)) continue;
        const covered = dots.count({ x: box.x - 1, y: box.y - 1, w: box.w + 2, h: box.h + 2 });  // a pixel clear
        if (covered === 0) { best = box; fewest = 0; break; }
        if (rad <= reach && covered < fewest) { best = box; fewest = covered; }
      }
    }
    if (!best) continue;  // no room near its own cluster: left out rather than misleading
    words.add({ ...best, x: best.x - 2, y: best.y - 2, w: best.w + 4, h: best.h + 4 });
    out.push({ ...best, slug: th.slug, name, px, color: textShade(th.color, s.palette.bg), backdrop: fewest > 0,
              faded: dim(theme, c) });
  }
  return out;
}

// Draw what placeWords chose, in canvas-element px (ctx without vis's transform).
export function drawWords(ctx, s, placed) {
  const pal = s.palette;
  ctx.save();
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  ctx.lineJoin = "round";
  const faded = pal.dark ? "rgba(250, 250, 250, 0.5)" : "rgba(49, 51, 63, 0.5)";
  ctx.lineWidth = 1;
  ctx.strokeStyle = pal.dark ? "rgba(250, 250, 250, 0.55)" : "rgba(49, 51, 63, 0.55)";
  for (const l of placed.labels) {  // leader lines first, so no word is drawn over by one
    if (!l.leader) continue;
    const { x, y, r } = l.leader;
    const tx = Math.min(Math.max(x, l.x), l.x + l.w), ty = Math.min(Math.max(y, l.y), l.y + l.h);
    const d = Math.hypot(tx - x, ty - y) || 1;
    ctx.beginPath();
    ctx.moveTo(x + ((tx - x) / d) * r, y + ((ty - y) / d) * r);
    ctx.lineTo(tx, ty);
    ctx.stroke();
  }
  for (const l of placed.labels) {
    ctx.font = `${l.weight} ${l.px}px ${FONT}`;
    const cy = l.y + l.h / 2;
    let x = l.x + 2;
    if (l.disc) {
      const rr = l.disc / 2, dx = l.discRight ? l.x + l.w - rr : l.x + rr;
      ctx.beginPath();
      ctx.fillStyle = pal.text;
      ctx.arc(dx, cy, rr, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = pal.bg;
      ctx.textAlign = "center";
      ctx.font = `700 ${Math.round(l.px * 0.8)}px ${FONT}`;
      ctx.fillText(String(l.step + 1), dx, cy + 0.5);
      ctx.textAlign = "left";
      ctx.font = `${l.weight} ${l.px}px ${FONT}`;
      x = l.discRight ? l.x + 2 : l.x + l.disc + 3 + 2;
    }
    if (!l.text) continue;
    ctx.lineWidth = Math.max(3, l.px / 4);
    ctx.strokeStyle = pal.bg;  // a halo in the background colour: lines under the word stop short of it
    ctx.strokeText(l.text, x, cy);
    ctx.fillStyle = l.faded ? faded : pal.text;
    ctx.fillText(l.text, x, cy);
  }
  ctx.lineWidth = 4;
  ctx.strokeStyle = pal.bg;
  for (const l of placed.themes) {
    if (l.backdrop) {
      ctx.save();
      ctx.globalAlpha = 0.82;
      ctx.fillStyle = pal.bg;
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(l.x, l.y, l.w, l.h, 4); else ctx.rect(l.x, l.y, l.w, l.h);
      ctx.fill();
      ctx.restore();
    }
    ctx.font = `600 ${l.px}px ${FONT}`;
    ctx.strokeText(l.name, l.x + 4, l.y + l.h / 2);
    ctx.fillStyle = l.color;
    if (l.faded) ctx.globalAlpha = 0.5;
    ctx.fillText(l.name, l.x + 4, l.y + l.h / 2);
    ctx.globalAlpha = 1;
  }
  ctx.restore();
}

// The screen box (canvas-element px) an always-shown name would take below its node at `scale`:
// room the framing keeps for it.
export function labelExtent(s, id, scale) {
  const n = s.base.get(id);
  const prio = rank(id, s.v);
  if (prio === null || !n || n.cluster) return null;  // other names give way rather than shrink the view
  const px = fontPx(s.v, id, scale, prio);
  const weight = id === s.v.selected ? 700 : prio !== null && prio <= 4 ? 600 : 400;
  const disc = s.v.routeIndex.has(id) ? Math.ceil(px * 1.3) + 3 : 0;
  return { w: width(s.labels.get(id) || "", weight, px) + 4 + disc, h: Math.ceil(px * 1.25) };
}
