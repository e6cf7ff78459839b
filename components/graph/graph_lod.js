// Level of detail for big curricula (the server sends an overview above graph_payload.LOD_MIN
// chapters): every theme is one bubble (centre, 90% radius, chapter count; links between themes
// as edges with their counts) until the reader zooms into it, clicks it, or selects a chapter in
// it. A theme's chapters come from a static JSON file fetched once (the browser caches it), so
// opening a theme costs no server round trip. At most `budget` chapters are drawn at a time, so
// zoom and pan stay fluid whatever the curriculum's size.
//
// The composed drawing uses the same node and edge objects as the full one (graph_view.build),
// plus bubbles ({cluster: true}) and links between closed themes (kind "theme", with a count).

import { tr } from "./graph_i18n.js";

export const CLUSTER_PREFIX = "theme:";
// A theme opens when its radius on screen reaches this share of the canvas's shorter side (eight
// wheel notches in from the overview)… and closes again below the second (no flicker in between).
export const EXPAND_SHARE = 0.15;
export const COLLAPSE_SHARE = 0.1;

export const isCluster = (id) => typeof id === "string" && id.startsWith(CLUSTER_PREFIX);

// Per structure (kept with it across remounts): fetched themes and what they taught us.
export function lodOf(graph) {
  if (!graph.__lod) {
    graph.__lod = { chunks: new Map(), loading: new Map(), rec: new Map(), adj: new Map(), expanded: new Set(),
                    bySlug: new Map() };
  }
  return graph.__lod;
}

function remember(L, chunk) {
  for (const r of chunk.nodes) { L.rec.set(r[0], r); L.bySlug.set(r[1], r[0]); }
  for (const r of chunk.ext) { L.rec.set(r[0], r); L.bySlug.set(r[1], r[0]); }
  for (const [a, b] of chunk.edges) {
    if (!L.adj.has(a)) L.adj.set(a, new Set());
    if (!L.adj.has(b)) L.adj.set(b, new Set());
    L.adj.get(a).add(b);
    L.adj.get(b).add(a);
  }
}

// Fetch the detail files of `themes` (each once); resolves when all are in.
export function ensureThemes(graph, url, themes) {
  const L = lodOf(graph);
  const waits = [];
  for (const t of themes) {
    if (t === undefined || t === null || L.chunks.has(t)) continue;
    if (!L.loading.has(t)) {
      const p = fetch(new URL(url + t + ".json", document.baseURI).href)
        .then((r) => { if (!r.ok) throw new Error(`theme ${t}: HTTP ${r.status}`); return r.json(); })
        .then((chunk) => { remember(L, chunk); L.chunks.set(t, chunk); })
        .finally(() => L.loading.delete(t));
      L.loading.set(t, p);
    }
    waits.push(L.loading.get(t));
  }
  return Promise.all(waits);
}

// Themes whose files a view needs before it can be drawn: the selection's, the route's, the local graph's.
export function themesFor(graph, data, extra = []) {
  const out = new Set(extra);
  const add = (i) => { if (Number.isInteger(i) && i >= 0 && i < graph.themeOf.length) out.add(graph.themeOf[i]); };
  add(data.selectedIndex);
  for (const i of data.route || []) add(i);
  for (const i of data.local || []) add(i);
  return out;
}

// The themes drawn chapter by chapter: those the camera is close to (largest on screen first, within
// the budget), plus the selection's theme.
export function themesInView(s, graph, hiddenTheme) {
  const L = lodOf(graph);
  const scale = s.network.getScale();
  const w = s.canvas.clientWidth, h = s.canvas.clientHeight;
  const c = s.network.getViewPosition();
  const halfW = w / 2 / scale, halfH = h / 2 / scale;
  const side = Math.min(w, h);
  const cands = [];
  graph.themes.forEach((t, i) => {
    if (!t.n || hiddenTheme(i)) return;
    const dx = Math.max(Math.abs(t.x - c.x) - halfW, 0), dy = Math.max(Math.abs(t.y - c.y) - halfH, 0);
    if (Math.hypot(dx, dy) > t.r) return;  // the bubble is off screen
    const R = t.r * scale;
    if (R >= side * (L.expanded.has(i) ? COLLAPSE_SHARE : EXPAND_SHARE)) cands.push({ i, n: t.n, d: Math.hypot(t.x - c.x, t.y - c.y) });
  });
  cands.sort((a, b) => a.d - b.d);
  const out = new Set();
  let total = 0;
  for (const k of cands) {
    if (out.size && total + k.n > graph.lod.budget) break;
    out.add(k.i);
    total += k.n;
  }
  return out;
}

// A chapter as the view draws it, from its record ([index, slug, label, title, theme, difficulty,
// size, x, y]); shared with the whole drawing (graph_view.fullContents).
export function chapterNode(graph, r) {
  const [gi, id, label, title, theme, difficulty, size, x, y] = r;
  const th = graph.themes[theme];
  return { id, gi, label, x, y, size, color: th.color, theme, fullTitle: title, themeName: th.name,
           difficulty: graph.difficulties[difficulty] };
}

export function chapterEdge(graph, id, from, to, k) {
  const kind = graph.edgeKinds[k];
  return { id, from, to, kind, dashes: kind === "context" ? [6, 4] : false };
}

// The drawing for `data`: chapters of the open themes and the pinned ones (selection and its
// neighbours, route, local graph), bubbles for every other theme, links between what is drawn.
export function compose(graph, data, open) {
  const L = lodOf(graph);
  const local = Array.isArray(data.local);
  const pinned = new Set();
  const sel = Number.isInteger(data.selectedIndex) ? data.selectedIndex : null;
  if (sel !== null) { pinned.add(sel); for (const n of L.adj.get(sel) || []) pinned.add(n); }
  for (const i of data.route || []) pinned.add(i);
  for (const i of data.local || []) pinned.add(i);
  const themes = local ? new Set() : new Set(open);
  if (sel !== null && !local) themes.add(graph.themeOf[sel]);
  for (const t of [...themes]) if (!L.chunks.has(t)) themes.delete(t);
  L.expanded = themes;

  const drawn = new Map();
  for (const t of themes) for (const r of L.chunks.get(t).nodes) drawn.set(r[0], r);
  for (const i of pinned) { const r = L.rec.get(i); if (r) drawn.set(i, r); }
  const nodes = [...drawn.values()].map((r) => chapterNode(graph, r));
  graph.themes.forEach((t, i) => {
    if (!t.n || themes.has(i) || local) return;
    nodes.push({ id: CLUSTER_PREFIX + t.slug, cluster: true, count: t.n, theme: i, x: t.x, y: t.y,
                 size: Math.max(t.r * 0.9, 40), color: t.color, fullTitle: t.name, themeName: t.name, difficulty: "" });
  });

  // Links between drawn chapters; a link to a chapter inside a closed theme is left out (the
  // selection's neighbours are always drawn, so its own links all show).
  const edges = [];
  const seen = new Set();
  for (const chunk of L.chunks.values()) {
    for (const [a, b, k] of chunk.edges) {
      const id = a + ">" + b;
      if (seen.has(id)) continue;
      seen.add(id);
      const ra = drawn.get(a), rb = drawn.get(b);
      if (ra && rb) edges.push(chapterEdge(graph, "e" + id, ra[1], rb[1], k));
    }
  }
  if (!local) {
    for (const [a, b, count] of graph.themeEdges) {
      if (themes.has(a) || themes.has(b) || !backbone(graph).has(a + "-" + b)) continue;
      edges.push({ id: `t${a}-${b}`, from: CLUSTER_PREFIX + graph.themes[a].slug, to: CLUSTER_PREFIX + graph.themes[b].slug,
                   kind: "theme", count, dashes: false, arrows: { to: { enabled: false } },
                   title: tr("theme_link_tip", { a: graph.themes[a].name, b: graph.themes[b].name, n: count }) });
    }
  }
  return { nodes, edges };
}

// The links between themes worth a line: each theme's strongest few (when every theme links to
// every other, all of them would be a grey blanket over the map).
export const BACKBONE = 3;
function backbone(graph) {
  const L = lodOf(graph);
  if (!L.backbone) {
    const best = new Map();
    for (const [a, b, count] of graph.themeEdges) {
      for (const t of [a, b]) {
        if (!best.has(t)) best.set(t, []);
        best.get(t).push([count, a + "-" + b]);
      }
    }
    L.backbone = new Set();
    for (const list of best.values()) {
      list.sort((p, q) => q[0] - p[0]);
      for (const [, key] of list.slice(0, BACKBONE)) L.backbone.add(key);
    }
  }
  return L.backbone;
}

// Slug of node index `i` when its record is known (fetched), else undefined.
export function slugOf(graph, i) {
  const r = lodOf(graph).rec.get(i);
  return r && r[1];
}
