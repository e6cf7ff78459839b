// Drawing: node and edge looks, colours with enough contrast, reading-status marks and search-hit
// rings (the words on the canvas are graph_labels'). Pure functions of the view; no Streamlit here.

export const DIM = 0.16;

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
  const marked = !!v.marked && v.marked.has(node.id);  // a search hit: never faded, ringed (drawMarks)
  const dim = faded && !marked;
  const key = [hidden, selected, near, dim, outside, onRoute, status, marked, palette.text, palette.bg].join("|");
  const border = outside ? palette.outside : marked ? palette.accent : selected || near || onRoute ? palette.text
    : dim ? rgba(node.color, DIM * 2) : node.color;
  const style = {
    id: node.id,
    hidden,
    borderWidth: selected ? 4 : marked ? 3 : near || onRoute ? 2 : 1,
    shapeProperties: { borderDashes: outside ? [5, 4] : false },
    color: {
      background: outside ? rgba(palette.outside.length === 7 ? palette.outside : "#888888", 0.35)
        : dim ? rgba(node.color, DIM) : node.color,
      border,
      highlight: { background: outside ? rgba("#888888", 0.35) : node.color, border: outside ? palette.outside : palette.text },
      hover: { background: outside ? rgba("#888888", 0.35) : node.color, border: palette.text },
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
  // Search hits: a ring in the accent colour, outside the status ring.
  for (const id of v.marked || []) {
    const n = s.base.get(id);
    if (!n || s.hiddenNow.has(id)) continue;
    ctx.beginPath();
    ctx.lineWidth = px(3);
    ctx.setLineDash([px(3), px(3)]);
    ctx.strokeStyle = s.palette.accent;
    ctx.arc(n.x, n.y, n.size + px(10), 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.setLineDash([]);
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
