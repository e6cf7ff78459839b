// Drawing: node and edge looks, colours with enough contrast, theme names placed like place names
// on a map, route numbers and reading-status marks. Pure functions of the view; no Streamlit here.

export const DIM = 0.16;
export const BASE_FONT = 14;       // node label size in canvas units at zoom 1
export const LABEL_MIN_PX = 10;    // vis draws a label only when it is at least this big on screen

export function rgba(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function cssVar(el, name, fallback) {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

// Any CSS colour as [r, g, b] (0-255), via the canvas colour parser; null when unparsable.
const probe = document.createElement("canvas").getContext("2d");
export function parseColor(color) {
  probe.fillStyle = "#010203";
  probe.fillStyle = color;
  const v = probe.fillStyle;
  if (v === "#010203" && String(color).toLowerCase() !== "#010203") return null;
  return v.startsWith("#") ? [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16))
                           : (v.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
}

const hex = (rgb) => "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");

// WCAG 2 relative luminance and contrast ratio.
export function relLuminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [x, y] = [relLuminance(a), relLuminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// The theme colour itself when it reads as text on `bg`, else the nearest shade (mixed towards
// black on light backgrounds, white on dark ones) that reaches `ratio`.
export function textShade(color, bg, ratio = 4.5) {
  const c = parseColor(color) || [128, 128, 128];
  const b = parseColor(bg) || [255, 255, 255];
  const target = relLuminance(b) > 0.4 ? [0, 0, 0] : [255, 255, 255];
  for (let t = 0; t <= 1.0001; t += 0.04) {
    const mixed = c.map((v, i) => v + (target[i] - v) * t);
    if (contrast(mixed, b) >= ratio + 0.05) return hex(mixed);
  }
  return hex(target);
}

// Colours come from the live Streamlit theme (CSS variables; a theme switch reruns the app),
// so labels stay readable in light and dark; Python's light/dark flag is the fallback.
export function readPalette(el, view) {
  const bg = cssVar(el, "--st-background-color", view.dark ? "#0e1117" : "#ffffff");
  const rgb = parseColor(bg);
  const dark = rgb === null ? !!view.dark : relLuminance(rgb) < 0.2;
  const textHex = dark ? "#fafafa" : "#31333f";
  return { text: cssVar(el, "--st-text-color", textHex), textHex, bg, dark,
           edgeHex: dark ? "#a3a8b8" : "#5c6070", outside: dark ? "#9aa0ad" : "#6b7080",
           accent: cssVar(el, "--st-primary-color", "#ff4b4b") };
}

// Quantised zoom, so label sizes change in steps and restyles stay rare.
export function quantScale(scale) {
  return 2 ** (Math.round(Math.log2(Math.max(scale, 1e-3)) * 6) / 6);
}

// Nodes whose labels are always shown, at a readable size whatever the zoom.
export function isLabelled(id, v) {
  if (id.startsWith("theme:")) return false;  // a theme bubble: its name is drawn with the theme names
  return id === v.selected || v.neighbours.has(id) || v.routeIndex.has(id) || v.cursor === id
    || (!!v.localSet && v.localSet.size <= 40);
}

function labelSize(id, v) {
  return Math.max(BASE_FONT * (id === v.selected ? 1.25 : 1), v.readable / v.qscale);
}

// Keep always-shown labels apart: each, in priority order, moves below or above its node to the
// first slot where it overlaps no label already placed (vis offsets labels by font.vadjust).
export function declutter(s, v, scale, measure) {
  const out = new Map();
  const ids = [...s.base.keys()].filter((id) => isLabelled(id, v) && !s.hiddenNow.has(id));
  if (ids.length > 400) return out;
  const rank = (id) => (id === v.selected ? 0 : id === v.cursor ? 1 : v.routeIndex.has(id) ? 2 : 3);
  ids.sort((a, b) => rank(a) - rank(b) || s.base.get(b).size - s.base.get(a).size);
  const placed = [];
  for (const id of ids) {
    const n = s.base.get(id);
    const fs = labelSize(id, v) * scale;
    const w = measure(s.labels.get(id) || "", fs), h = fs * 1.15;
    const r = n.size * scale, x = n.x * scale - w / 2, below = n.y * scale + r + 2;
    const slots = [0, h, 2 * h, -(2 * r + h + 4), -(2 * r + 2 * h + 4), 3 * h, -(2 * r + 3 * h + 4)];
    let dy = 0;
    for (const d of slots) {
      const rect = { x, y: below + d, w, h };
      if (!placed.some((p) => rectsOverlap(p, rect))) { dy = d; break; }
    }
    placed.push({ x, y: below + dy, w, h });
    if (dy) out.set(id, Math.round(dy / scale));
  }
  return out;
}

export function nodeStyle(node, v, palette) {
  if (node.cluster) return clusterStyle(node, v, palette);
  const matching = !v.matchingSet || v.matchingSet.has(node.id);
  const inLocal = !v.localSet || v.localSet.has(node.id);
  const selected = node.id === v.selected;
  // A chapter selected outside the filters stays drawn, marked as outside: never an invisible selection.
  const outside = selected && (!matching || !inLocal);
  const hidden = !selected && (!inLocal || (!matching && v.mode === "hide"));
  const near = v.neighbours.has(node.id);
  const onRoute = v.routeIndex.has(node.id);
  const status = v.status.get(node.id) || "";
  const faded = outside || (!matching && !onRoute) || (v.routeIndex.size > 0 && !onRoute && !selected)
    || status === "skipped";
  const labelled = isLabelled(node.id, v);
  const size = labelled ? labelSize(node.id, v) : BASE_FONT;
  const vadjust = (v.vadjust && v.vadjust.get(node.id)) || 0;
  const key = [hidden, selected, near, faded, outside, onRoute, status, size, vadjust, palette.text, palette.bg].join("|");
  const border = outside ? palette.outside : selected || near || onRoute ? palette.text
    : faded ? rgba(node.color, DIM * 2) : node.color;
  const style = {
    id: node.id,
    hidden,
    borderWidth: selected ? 4 : near || onRoute ? 2 : 1,
    shapeProperties: { borderDashes: outside ? [5, 4] : false },
    color: {
      background: outside ? rgba(palette.outside.length === 7 ? palette.outside : "#888888", 0.35)
        : faded ? rgba(node.color, DIM) : node.color,
      border,
      highlight: { background: outside ? rgba("#888888", 0.35) : node.color, border: outside ? palette.outside : palette.text },
      hover: { background: outside ? rgba("#888888", 0.35) : node.color, border: palette.text },
    },
    font: {
      color: faded && !selected ? rgba(palette.textHex, 0.45) : palette.text,
      size,
      vadjust,
      strokeWidth: 3,
      strokeColor: palette.bg,
    },
  };
  return { key, style };
}

// A closed theme (overview mode): a translucent bubble in the theme colour, faded when none of its
// chapters match the filters or a route is drawn.
function clusterStyle(node, v, palette) {
  const matching = v.themeMatch ? v.themeMatch.get(node.theme) || 0 : node.count;
  const hidden = !!v.localSet || (v.mode === "hide" && matching === 0);
  const faded = matching === 0 || v.routeIndex.size > 0;
  const key = ["bubble", hidden, faded, v.cursor === node.id, palette.text].join("|");
  return {
    key,
    style: {
      id: node.id,
      hidden,
      borderWidth: v.cursor === node.id ? 4 : 2,
      shapeProperties: { borderDashes: false },
      color: {
        background: rgba(node.color, faded ? 0.06 : 0.2),
        border: faded ? rgba(node.color, 0.3) : node.color,
        highlight: { background: rgba(node.color, 0.3), border: palette.text },
        hover: { background: rgba(node.color, 0.3), border: palette.text },
      },
    },
  };
}

export function edgeStyle(edge, v, palette, nodeHidden) {
  if (edge.kind === "theme") {
    // Links between two closed themes: one line, as thick (on screen, whatever the zoom) as the
    // log of how many links it stands for.
    const hidden = nodeHidden(edge.from) || nodeHidden(edge.to);
    const alpha = v.routeIndex.size > 0 ? 0.05 : 0.22;
    const px = Math.min(1 + Math.log2(edge.count), 9);
    return {
      key: [hidden, alpha, px, v.qscale, palette.text].join("|"),
      style: { id: edge.id, hidden, width: px / v.qscale,
               color: { color: rgba(palette.edgeHex, alpha), highlight: palette.text, hover: palette.text, inherit: false } },
    };
  }
  const on = (id) => !v.matchingSet || v.matchingSet.has(id);
  const both = on(edge.from) && on(edge.to);
  const touches = v.selected && (edge.from === v.selected || edge.to === v.selected);
  const hidden = nodeHidden(edge.from) || nodeHidden(edge.to) || (v.mode === "hide" && !both && !touches);
  const ra = v.routeIndex.get(edge.from), rb = v.routeIndex.get(edge.to);
  const routeStep = ra !== undefined && rb !== undefined && Math.abs(ra - rb) === 1;
  const routing = v.routeIndex.size > 0;
  const alpha = routeStep || touches ? 0.95 : routing ? 0.06 : both ? 0.3 : 0.07;
  const key = [hidden, alpha, routeStep, palette.text].join("|");
  return {
    key,
    style: {
      id: edge.id,
      hidden,
      width: routeStep ? 4 : (edge.kind === "prerequisite" ? 2.2 : 1) * (touches ? 2 : 1),
      color: { color: routeStep ? palette.text : rgba(palette.edgeHex, alpha), highlight: palette.text,
               hover: palette.text, inherit: false },
    },
  };
}

function rectsOverlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function rectCircle(r, c) {
  const dx = Math.max(r.x - c.x, 0, c.x - (r.x + r.w));
  const dy = Math.max(r.y - c.y, 0, c.y - (r.y + r.h));
  return dx * dx + dy * dy < c.r * c.r;
}

// Theme names in screen pixels: every theme with a drawn node gets a place inside the canvas that
// overlaps no other name and, where possible, no node. Candidates ring the centroid of the theme's
// on-screen nodes; bigger themes choose first; a grid over the whole canvas is the last resort (never
// for an overview bubble, whose name must sit beside it).
export function placeThemeLabels(ctx, items, nodes, W, H, px, blocked = []) {
  const pad = 4;
  const placed = [...blocked];  // the toolbar and the node labels that are shown: never covered
  const cost = (r) => {
    if (r.x < pad || r.y < pad || r.x + r.w > W - pad || r.y + r.h > H - pad) return Infinity;
    const gap = { x: r.x - 2, y: r.y - 2, w: r.w + 4, h: r.h + 4 };  // names never touch
    if (placed.some((p) => rectsOverlap(gap, p))) return Infinity;
    let hits = 0;
    for (const c of nodes) if (rectCircle(r, c)) hits += 1;
    return hits;
  };
  for (const it of items) {
    const w = ctx.measureText(it.name).width + 8, h = px * 1.35;
    const clampX = (x) => Math.min(Math.max(x, pad), W - pad - w);
    const clampY = (y) => Math.min(Math.max(y, pad), H - pad - h);
    let best = null;
    const consider = (cx, cy, extra) => {
      const r = { x: clampX(cx - w / 2), y: clampY(cy - h / 2), w, h };
      const c = cost(r);
      if (c === Infinity) return;
      const score = c * 1000 + Math.hypot(r.x + w / 2 - it.x, r.y + h / 2 - it.y) + extra;
      if (!best || score < best.score) best = { ...r, score };
    };
    consider(it.x, it.y, 0);
    // A closed theme's bubble (overview mode) is named beside it or not at all: a name far away would
    // point at the wrong bubble (tapping the bubble or its tooltip still names it).
    for (const rad of it.bubble ? [0.6, 1.2, 2, 3] : [0.6, 1.2, 2, 3, 4.5, 6.5, 9]) {
      for (let k = 0; k < 12; k += 1) {
        const a = (k / 12) * Math.PI * 2;
        consider(it.x + Math.cos(a) * rad * h * 1.6, it.y + Math.sin(a) * rad * h, 0);
      }
      if (best && best.score < 1000) break;  // a spot free of nodes near the centroid
    }
    if (!it.bubble && (!best || best.score >= 1000)) {
      for (let gy = h / 2 + pad; gy < H - h / 2; gy += h) {
        for (let gx = w / 2 + pad; gx < W - w / 2; gx += Math.max(w / 3, 12)) consider(gx, gy, 0);
      }
    }
    if (best) placed.push({ ...best, slug: it.slug, name: it.name, color: it.color });
  }
  return placed.slice(blocked.length);
}

// Marks drawn over the nodes, in canvas coordinates (ctx carries vis's transform).
export function drawMarks(ctx, s, scale) {
  const v = s.v;
  const px = (n) => n / scale;
  ctx.save();
  for (const [id, status] of v.status) {
    const n = s.base.get(id);
    if (!n || s.hiddenNow.has(id)) continue;
    const r = n.size + px(5);
    ctx.beginPath();
    ctx.strokeStyle = s.palette.text;
    if (status === "done") {
      ctx.lineWidth = px(3.5);
      ctx.setLineDash([]);
      ctx.arc(n.x, n.y, r, 0, Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();  // a check mark in the node
      ctx.lineWidth = px(3);
      ctx.moveTo(n.x - n.size * 0.45, n.y);
      ctx.lineTo(n.x - n.size * 0.1, n.y + n.size * 0.35);
      ctx.lineTo(n.x + n.size * 0.5, n.y - n.size * 0.4);
      ctx.stroke();
    } else if (status === "reading") {
      ctx.lineWidth = px(2.5);
      ctx.setLineDash([px(5), px(4)]);
      ctx.arc(n.x, n.y, r, 0, Math.PI * 2);
      ctx.stroke();
    } else if (status === "skipped") {
      ctx.lineWidth = px(2.5);
      ctx.setLineDash([]);
      ctx.moveTo(n.x - n.size * 0.8, n.y + n.size * 0.8);
      ctx.lineTo(n.x + n.size * 0.8, n.y - n.size * 0.8);
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  // Route numbers: a small disc with 1..n beside each route node.
  const fontPx = px(v.present ? 16 : 12);
  ctx.font = `700 ${fontPx}px sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  v.route.forEach((id, i) => {
    const n = s.base.get(id);
    if (!n || s.hiddenNow.has(id)) return;
    const cx = n.x + n.size * 0.8 + fontPx * 0.4, cy = n.y - n.size * 0.8 - fontPx * 0.4, r = fontPx * 0.85;
    ctx.beginPath();
    ctx.fillStyle = s.palette.text;
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = s.palette.bg;
    ctx.fillText(String(i + 1), cx, cy + px(0.5));
  });
  // The keyboard cursor: a ring in the accent colour.
  if (v.cursor && v.cursor !== v.selected && s.base.has(v.cursor) && !s.hiddenNow.has(v.cursor)) {
    const n = s.base.get(v.cursor);
    ctx.beginPath();
    ctx.lineWidth = px(3);
    ctx.strokeStyle = s.palette.accent;
    ctx.arc(n.x, n.y, n.size + px(7), 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.restore();
}
