// Topic graph: a vis-network drawing that lives across Streamlit reruns.
//
// Served from the app's static folder and imported once per page by a tiny inline loader,
// so a rerun re-sends neither these modules nor the 470 KB vis-network bundle (copied from the
// installed pyvis). The graph's structure is sent once per session and kept in a page-level
// cache; each later render carries only the view (selection, matching chapters, fade/hide,
// route, local graph, reading status) and restyles just the nodes and edges whose look changed.
// Nodes never move. Big curricula open as a theme overview whose themes are fetched and drawn as
// the reader comes close (graph_lod). Modules: graph_draw (looks), graph_frame (camera), graph_keys
// (keyboard, links, reader), graph_legend (toolbar, legend), graph_lod (overview), graph_hook
// (window.topicGraph).

import { BASE_FONT, LABEL_MIN_PX, declutter, drawMarks, edgeStyle, nodeStyle, placeThemeLabels, quantScale, readPalette,
         textShade } from "./graph_draw.js";
import { frameAuto, frameNodes, frameSelection, frameVisible, keepInView, watchCamera, zoomBy } from "./graph_frame.js";
import { exposeHook } from "./graph_hook.js";
import { followReader, hideTooltip, installDocumentHandlers, installGraphKeys, open } from "./graph_keys.js";
import { makeToolbar, renderLegend, setPresentButton } from "./graph_legend.js";
import { chapterEdge, chapterNode, compose, ensureThemes, isCluster, slugOf, themesFor, themesInView } from "./graph_lod.js";

const graphs = (window.__topicGraphStructures = window.__topicGraphStructures || new Map());
// Matching-chapter lists by key: the server sends a list only when it changes.
const matchingLists = (window.__topicGraphMatching = window.__topicGraphMatching || new Map());
const KEYS_HELP = "arrow keys move to a linked chapter, Enter opens it, plus and minus zoom, 0 shows everything";

function loadVis(url) {
  if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
  if (!window.__topicGraphVis) {
    window.__topicGraphVis = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => resolve(window.vis);
      script.onerror = () => {
        window.__topicGraphVis = null;
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(script);
    });
  }
  return window.__topicGraphVis;
}

function setup(root) {
  const wrap = document.createElement("div");
  wrap.className = "tg-wrap";
  wrap.setAttribute("data-testid", "topic-graph");
  const canvas = document.createElement("div");
  canvas.className = "tg-canvas";
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "graph");
  canvas.setAttribute("aria-label", `Topic graph of the chapters: ${KEYS_HELP}.`);
  const live = document.createElement("div");
  live.className = "tg-live";
  live.setAttribute("aria-live", "polite");
  const legend = document.createElement("div");
  legend.className = "tg-legend";
  const status = document.createElement("div");
  status.className = "tg-status";
  status.textContent = "Loading graph…";
  const s = { root, wrap, canvas, legend, status, network: null, nodes: null, edges: null, graph: null,
              styleKeys: new Map(), hiddenNow: new Set(), drawnAt: null, palette: null, userMoved: false,
              v: { selected: null, route: [], status: new Map(), neighbours: new Set(), cursor: null } };
  const toolbar = makeToolbar(s, {
    fit: () => s.network && frameVisible(s, true),
    zoomIn: () => s.network && zoomBy(s, 1.3),
    zoomOut: () => s.network && zoomBy(s, 1 / 1.3),
    present: () => s.setTrigger("present", !s.v.present),
    png: () => s.network && downloadPng(s),
  });
  s.toolbar = toolbar;
  wrap.append(canvas, toolbar, legend, status, live);
  root.appendChild(wrap);
  s.announce = (text) => { live.textContent = text; };
  installGraphKeys(s, (id) => { s.v.cursor = id; restyle(s); });
  return s;
}

function downloadPng(s) {
  const src = s.canvas.querySelector("canvas");
  const out = document.createElement("canvas");
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext("2d");
  ctx.fillStyle = s.palette.bg;  // vis draws on a transparent canvas
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  const a = document.createElement("a");
  a.href = out.toDataURL("image/png");
  a.download = "topic-graph.png";
  s.wrap.appendChild(a);
  a.click();
  a.remove();
}

// The whole drawing (curricula below the overview threshold).
function fullContents(graph) {
  const nodes = graph.nodes.map((record, i) => chapterNode(graph, [i, ...record]));
  const edges = graph.edges.map(([from, to, kind], i) => chapterEdge(graph, "e" + i, graph.nodes[from][0],
                                                                     graph.nodes[to][0], kind));
  return { nodes, edges };
}

function visNode(n) {
  // vis-network shows a string title as plain text, never as HTML.
  if (n.cluster) {
    return { id: n.id, x: n.x, y: n.y, size: n.size, shape: "dot", color: n.color,
             title: `${n.fullTitle}\n${n.count.toLocaleString("en")} chapters: click or zoom in to open` };
  }
  return { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: "dot", color: n.color,
           title: `${n.fullTitle}\n${n.difficulty} · ${n.themeName}` };
}

function visEdge(e) {
  const out = { id: e.id, from: e.from, to: e.to, dashes: e.dashes };
  if (e.arrows) out.arrows = e.arrows;
  if (e.title) out.title = e.title;  // plain text
  return out;
}

// Make the drawn nodes and edges exactly these (added, removed; the others stay as they are, so
// nothing moves), and rebuild the maps the styling, camera and keys use.
function setContents(s, { nodes, edges }) {
  const before = s.base || new Map();
  const beforeEdges = new Set((s.baseEdges || []).map((e) => e.id));
  s.base = new Map(nodes.map((n) => [n.id, n]));
  s.labels = new Map(nodes.filter((n) => !n.cluster).map((n) => [n.id, n.label]));
  const edgeIds = new Set(edges.map((e) => e.id));
  const goneEdges = [...beforeEdges].filter((id) => !edgeIds.has(id));
  const gone = [...before.keys()].filter((id) => !s.base.has(id));
  for (const id of [...gone, ...goneEdges]) s.styleKeys.delete(id);
  if (goneEdges.length) s.edges.remove(goneEdges);
  if (gone.length) s.nodes.remove(gone);
  const added = nodes.filter((n) => !before.has(n.id));
  if (added.length) s.nodes.add(added.map(visNode));
  const addedEdges = edges.filter((e) => !beforeEdges.has(e.id));
  if (addedEdges.length) s.edges.add(addedEdges.map(visEdge));
  s.baseEdges = edges;
  s.adjacent = new Map(nodes.filter((n) => !n.cluster).map((n) => [n.id, new Set()]));
  s.nextOf = new Map();
  const chapterEdges = edges.filter((e) => s.adjacent.has(e.from) && s.adjacent.has(e.to));
  s.nextKind = new Map(chapterEdges.filter((e) => e.kind === "next").map((e) => [e.from + ">" + e.to, true]));
  for (const e of chapterEdges) {
    s.adjacent.get(e.from).add(e.to);
    s.adjacent.get(e.to).add(e.from);
    // Every edge points in reading order; "next" ones first (a next link that is also a
    // prerequisite or context carries the stronger kind, so the others follow).
    const list = s.nextOf.get(e.from) || [];
    if (e.kind === "next") list.splice(list.filter((id) => s.nextKind.get(e.from + ">" + id)).length, 0, e.to);
    else list.push(e.to);
    s.nextOf.set(e.from, list);
  }
  // issue 10: hide edges while the camera moves when many are drawn, so panning stays fluid.
  const big = s.base.size > 1000;
  if (s.big !== big) {
    s.big = big;
    s.network.setOptions({ interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big } });
  }
}

function build(s, vis, graph) {
  if (!s.network) {
    s.styleKeys = new Map();
    s.nodes = new vis.DataSet([]);
    s.edges = new vis.DataSet([]);
    s.network = new vis.Network(s.canvas, { nodes: s.nodes, edges: s.edges }, {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, multiselect: false, dragNodes: false,
                     hideEdgesOnDrag: false, hideEdgesOnZoom: false, keyboard: false },
      nodes: { shape: "dot", font: { size: BASE_FONT },
               scaling: { label: { enabled: false, drawThreshold: LABEL_MIN_PX, maxVisible: 60 } } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, smooth: false, selectionWidth: 1.5 },
    });
    s.big = false;
    // vis makes its own frame focusable; the labelled container is the one Tab stop.
    for (const el of s.canvas.querySelectorAll("[tabindex]")) el.setAttribute("tabindex", "-1");
    s.network.on("click", (p) => {
      hideTooltip(s);
      if (p.nodes.length) {
        s.v.cursor = null;
        open(s, p.nodes[0], false);
      }
    });
    s.network.on("doubleClick", (p) => {
      if (!p.nodes.length || isCluster(p.nodes[0])) return;
      const around = [p.nodes[0], ...(s.adjacent.get(p.nodes[0]) || [])].filter((id) => !s.hiddenNow.has(id));
      s.network.fit({ nodes: around, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
      s.userMoved = true;
    });
    s.network.on("afterDrawing", (ctx) => {
      drawMarks(ctx, s, s.network.getScale());
      drawThemeLabels(s, ctx);
    });
    s.network.on("hoverNode", () => { s.canvas.style.cursor = "pointer"; });
    s.network.on("blurNode", () => { s.canvas.style.cursor = "default"; });
    s.network.once("afterDrawing", () => {
      s.drawnAt = performance.now();
      s.status.textContent = "";
      s.wrap.setAttribute("data-drawn", "true");
    });
    let pending = false;
    s.unwatch = watchCamera(s, () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        // Only the always-shown labels depend on the zoom, in steps: restyle when a step is crossed.
        if (s.graph && quantScale(s.network.getScale()) !== s.v.qscale) restyle(s);
        if (s.graph && s.graph.lod) scheduleDetail(s);
      });
    });
  } else {
    s.nodes.clear();
    s.edges.clear();
    s.styleKeys = new Map();
  }
  s.base = new Map();
  s.baseEdges = [];
  s.lodOpen = new Set();
  if (!graph.lod) setContents(s, fullContents(graph));
  s.framed = null;
}

// Overview mode: a theme opens (its chapters drawn) when the camera comes close to it, and closes
// when it moves away; checked at most every 120 ms while the camera moves, and once it stops.
function scheduleDetail(s) {
  if (s.detailTimer) return;
  s.detailTimer = setTimeout(() => {
    s.detailTimer = null;
    const graph = s.graph, data = s.data;
    if (!graph || !graph.lod || !data || !s.network) return;
    const open = themesInView(s, graph, (i) => hiddenTheme(s.v, i));
    const was = s.lodOpen || new Set();
    if (open.size === was.size && [...open].every((t) => was.has(t))) return;
    s.lodOpen = open;
    ensureThemes(graph, data.detailUrl, open)
      .catch((err) => { s.status.textContent = "Some chapters could not be loaded: " + err.message; })
      .then(() => { if (s.graph === graph && s.lodOpen === open) refresh(s); });
  }, 120);
}

function hiddenTheme(v, i) {
  return !!v && (!!v.localSet || (v.mode === "hide" && !!v.themeMatch && !(v.themeMatch.get(i) > 0)));
}

// Redraw the composition for the current view (a theme opened or closed); the camera stays.
function refresh(s) {
  setContents(s, compose(s.graph, s.data, s.lodOpen));
  const { v, hidden } = deriveView(s, s.graph, s.data);
  s.v = v;
  s.hiddenNow = hidden;
  restyle(s);
  if (v.selected) s.network.selectNodes([v.selected], false);
  exposeHook(s);
}

// A click (or Enter) on a theme bubble: zoom onto it; the camera watcher then opens it.
function openCluster(s, id) {
  const n = s.base.get(id);
  if (!n || !n.cluster) return;
  hideTooltip(s);
  ensureThemes(s.graph, s.data.detailUrl, [n.theme]).catch(() => {});  // fetch while the camera moves
  frameNodes(s, [id], { animate: true, maxScale: 8, margin: 16 });
  s.announce(`${n.fullTitle}: ${n.count.toLocaleString("en")} chapters, opened.`);
}

// The derived view: sets and maps the styling and the camera need.
function deriveView(s, graph, data) {
  const slug = graph.lod ? (i) => slugOf(graph, i) : (i) => graph.nodes[i] && graph.nodes[i][0];
  const prev = s.v;
  const sel = data.selected && s.base.has(data.selected) ? data.selected : null;
  const v = {
    selected: sel,
    mode: data.mode,
    present: !!data.present,
    matchingSet: data.matching ? new Set(data.matching.map(slug)) : null,
    localSet: data.local ? new Set(data.local.map(slug).filter(Boolean)) : null,
    route: (data.route || []).map(slug).filter(Boolean),
    status: new Map(Object.entries(data.status || {}).map(([i, st]) => [slug(Number(i)), st]).filter(([k]) => k)),
    neighbours: sel ? s.adjacent.get(sel) || new Set() : new Set(),
    cursor: prev.selected === sel ? prev.cursor : null,
    readable: data.present ? 20 : 13,
  };
  v.routeIndex = new Map(v.route.map((id, i) => [id, i]));
  if (graph.lod && data.matching) {  // chapters matching per theme: the bubbles' and the legend's counts
    v.themeMatch = new Map();
    for (const i of data.matching) {
      const t = graph.themeOf[i];
      v.themeMatch.set(t, (v.themeMatch.get(t) || 0) + 1);
    }
  }
  const hidden = new Set();
  for (const [id, n] of s.base) {
    if (id === sel) continue;
    if (n.cluster ? hiddenTheme(v, n.theme)
      : (v.localSet && !v.localSet.has(id)) || (v.mode === "hide" && v.matchingSet && !v.matchingSet.has(id))) hidden.add(id);
  }
  v.outside = sel && ((v.matchingSet && !v.matchingSet.has(sel)) || (v.localSet && !v.localSet.has(sel))) ? sel : null;
  return { v, hidden };
}

const measureCtx = document.createElement("canvas").getContext("2d");
function measure(text, px) {
  measureCtx.font = `${px}px arial`;
  return measureCtx.measureText(text).width;
}

function restyle(s) {
  const v = s.v;
  v.qscale = quantScale(s.network.getScale());
  v.vadjust = declutter(s, v, v.qscale, measure);
  const palette = s.palette;
  const nodeUpdates = [];
  const labelled = [];
  for (const node of s.base.values()) {
    const { key, style } = nodeStyle(node, v, palette);
    if (style.font && style.font.size > BASE_FONT && !style.hidden) labelled.push(node.id);
    if (s.styleKeys.get(node.id) !== key) {
      s.styleKeys.set(node.id, key);
      nodeUpdates.push(style);
    }
  }
  if (nodeUpdates.length) s.nodes.update(nodeUpdates);
  s.labelled = labelled;
  const edgeUpdates = [];
  const nodeHidden = (id) => s.hiddenNow.has(id);
  for (const edge of s.baseEdges) {
    const { key, style } = edgeStyle(edge, v, palette, nodeHidden);
    if (s.styleKeys.get(edge.id) !== key) {
      s.styleKeys.set(edge.id, key);
      edgeUpdates.push(style);
    }
  }
  if (edgeUpdates.length) s.edges.update(edgeUpdates);
}

const PRESENT_STYLE_ID = "tg-present-style";

// Presenter mode: the graph fills the window (its own CSS), the reader floats over it, and the
// app's sidebar and header step aside. The stylesheet lives in the page head while presenting.
function presentPage(on, palette) {
  const old = document.getElementById(PRESENT_STYLE_ID);
  if (!on) { if (old) old.remove(); return; }
  const css = `
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
.st-key-reader { position: fixed !important; top: 0.75rem; right: 0.75rem; z-index: 1000010;
  width: min(30rem, 34vw) !important; max-height: calc(100vh - 1.5rem) !important; height: auto !important;
  overflow: auto !important; padding: 0.75rem 1rem; border-radius: 0.6rem; background: ${palette.bg};
  border: 1px solid rgba(128,128,128,.45); box-shadow: 0 6px 24px rgba(0,0,0,.25); }
.st-key-reader:not(:has(h1)) { display: none !important; }`;
  const el = old || Object.assign(document.createElement("style"), { id: PRESENT_STYLE_ID });
  if (el.textContent !== css) el.textContent = css;
  if (!old) document.head.appendChild(el);
}

function apply(s, vis, graph, data) {
  if (s.graph !== graph) {
    build(s, vis, graph);
    s.graph = graph;
  }
  if (graph.lod) setContents(s, compose(graph, data, s.lodOpen));
  const firstApply = s.framed === null;
  const prevSelected = firstApply ? undefined : s.v.selected;
  const { v, hidden } = deriveView(s, graph, data);
  s.v = v;
  s.hiddenNow = hidden;
  s.data = data;
  s.palette = readPalette(s.wrap, data);
  s.wrap.classList.toggle("tg-present", v.present);
  presentPage(v.present, s.palette);
  setPresentButton(s, v.present);
  const narrow = window.innerWidth < 640;
  s.wrap.style.height = v.present ? "" : (narrow ? Math.min(data.height, Math.max(320, Math.round(window.innerHeight * 0.55)))
                                                 : data.height) + "px";

  // The legend first: its height sets the canvas size the framing fits into.
  renderLegend(s, graph, { matchingSet: v.matchingSet, themeMatch: v.themeMatch, themes: data.themes });
  // Frame before styling, so label sizes are computed for the zoom the camera goes to.
  const frameKey = JSON.stringify([data.matchingKey, data.mode, data.local, data.route, v.present]);
  if (firstApply) {
    frameAuto(s, false);
  } else if (frameKey !== s.framed) {
    hideTooltip(s);
    frameVisible(s, true);
  } else if (v.selected && v.selected !== prevSelected) {
    hideTooltip(s);
    if (s.userMoved) keepInView(s, v.selected);
    else frameSelection(s, true);
  }
  s.framed = frameKey;
  restyle(s);

  if (v.selected) s.network.selectNodes([v.selected], false);
  else s.network.unselectAll();
  exposeHook(s);
  if (graph.lod) scheduleDetail(s);
  if (v.present && v.selected && !s.userMoved) {
    // The floating reader is drawn after the graph: frame again once it is there, beside it.
    const started = performance.now();
    const wait = () => {
      if (document.querySelector(".st-key-reader h1")) { if (!s.userMoved) frameAuto(s, true); }
      else if (performance.now() - started < 3000) requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  }
  if (!firstApply && v.selected && v.selected !== prevSelected) {
    followReader(s.base.get(v.selected).fullTitle, !!s.pendingFocus);
  }
  s.pendingFocus = false;
}

// Theme names: placed in screen space (inside the canvas, no overlaps, off the nodes where
// possible) and drawn in a shade of the theme colour with at least 4.5:1 contrast.
function drawThemeLabels(s, ctx) {
  if (!s.graph || !s.palette) return;
  const scale = s.network.getScale();
  const t = ctx.getTransform();
  const ratio = t.a / scale;
  const W = s.canvas.clientWidth, H = s.canvas.clientHeight;
  const px = s.v.present ? 18 : 13;
  const toScreen = (n) => ({ x: (n.x * t.a + t.e) / ratio, y: (n.y * t.d + t.f) / ratio });
  const key = [t.a, t.e, t.f, W, H, px, s.palette.bg, s.data && JSON.stringify([s.data.matchingKey, s.data.mode, s.data.local]),
               s.v.selected, s.v.cursor, (s.labelled || []).length, s.base.size].join("|");
  if (s.themeKey !== key) {
    const sums = new Map();
    const circles = [];
    const bubbles = new Map();  // overview mode: a closed theme's name sits on its bubble
    for (const n of s.base.values()) {
      if (s.hiddenNow.has(n.id)) continue;
      const p = toScreen(n);
      if (n.cluster) {
        const r = n.size * scale;
        if (p.x > -r && p.y > -r && p.x < W + r && p.y < H + r) bubbles.set(n.theme, { ...p, count: n.count });
        continue;
      }
      if (p.x < 0 || p.y < 0 || p.x > W || p.y > H) continue;
      circles.push({ x: p.x, y: p.y, r: n.size * scale + 3 });
      const a = sums.get(n.theme) || { x: 0, y: 0, n: 0 };
      a.x += p.x; a.y += p.y; a.n += 1;
      sums.set(n.theme, a);
    }
    for (const [theme, b] of bubbles) {
      const m = s.v.themeMatch ? s.v.themeMatch.get(theme) || 0 : b.count;
      sums.set(theme, { x: b.x, y: b.y, n: 1, size: b.count, bubble: m === b.count ? `${b.count}` : `${m} of ${b.count}` });
    }
    const items = [...sums].sort((p, q) => (q[1].size || q[1].n) - (p[1].size || p[1].n)).map(([theme, a]) => {
      const th = s.graph.themes[theme];
      return { slug: th.slug, name: a.bubble ? `${th.name} (${a.bubble})` : th.name, x: a.x / a.n, y: a.y / a.n,
               color: textShade(th.color, s.palette.bg), bubble: !!a.bubble };
    });
    ctx.save();
    const blocked = [];
    const cr = s.canvas.getBoundingClientRect(), tr = s.toolbar.getBoundingClientRect();
    blocked.push({ x: tr.left - cr.left - 4, y: tr.top - cr.top - 4, w: tr.width + 8, h: tr.height + 8 });
    if (s.v.present) {  // the legend floats over the canvas
      const lr = s.legend.getBoundingClientRect();
      blocked.push({ x: 0, y: lr.top - cr.top - 4, w: W, h: lr.height + 8 });
    }
    for (const id of s.labelled || []) {  // node labels drawn big (selection, neighbours, route)
      const n = s.base.get(id), node = s.nodes.get(id);
      if (!n || s.hiddenNow.has(id) || !node) continue;
      const fs = ((node.font && node.font.size) || 14) * scale;
      const p = toScreen(n);
      const w = measure(node.label || "", fs);
      const dy = ((node.font && node.font.vadjust) || 0) * scale;
      blocked.push({ x: p.x - w / 2, y: p.y + n.size * scale + dy, w, h: fs * 1.3 });
    }
    ctx.font = `600 ${px}px sans-serif`;
    s.themePlaced = placeThemeLabels(ctx, items, circles.length > 1000 ? [] : circles, W, H, px, blocked);
    ctx.restore();
    s.themeKey = key;
  }
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = `600 ${px}px sans-serif`;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  ctx.lineWidth = 4;
  ctx.strokeStyle = s.palette.bg;
  for (const l of s.themePlaced) {
    ctx.strokeText(l.name, l.x + 4, l.y + l.h / 2);
    ctx.fillStyle = l.color;
    ctx.fillText(l.name, l.x + 4, l.y + l.h / 2);
  }
  ctx.restore();
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let s = parentElement.__topicGraph;
  if (!s) {
    s = setup(parentElement);
    parentElement.__topicGraph = s;
  }
  installDocumentHandlers();
  window.__topicGraphActive = s;
  s.setTrigger = setTriggerValue;
  s.openCluster = (id) => openCluster(s, id);
  if (data.graph) graphs.set(data.graph.key, data.graph);
  if (data.matching) {
    matchingLists.set(data.matchingKey, data.matching);
    if (matchingLists.size > 16) matchingLists.delete(matchingLists.keys().next().value);
  }
  const graph = graphs.get(data.graphKey);
  const matching = data.matchingKey ? matchingLists.get(data.matchingKey) : null;
  if (!graph || matching === undefined) {
    // Structure or list not on this page yet (component remounted after a page switch): ask once.
    const want = data.graphKey + ":" + data.matchingKey;
    if (s.asked !== want) {
      s.asked = want;
      setTriggerValue("need", want);
    }
    return undefined;
  }
  const view = { ...data, matching };
  s.latest = view;
  loadVis(data.visUrl)
    .then((vis) => {
      if (!graph.lod) return vis;
      // Overview mode: the themes this view draws chapter by chapter must be here first.
      const need = themesFor(graph, view, s.graph === graph ? s.lodOpen || [] : []);
      return ensureThemes(graph, view.detailUrl, need)
        .catch((err) => { s.status.textContent = "Some chapters could not be loaded: " + err.message; })
        .then(() => vis);
    })
    .then((vis) => { if (s.latest === view) apply(s, vis, graph, view); })
    .catch((err) => { console.error(err); s.status.textContent = "Graph unavailable: " + err.message; });
  return () => {
    // Called when the element goes away; keep the network when we are re-rendered in place.
    setTimeout(() => {
      const host = parentElement.host || parentElement;
      if (!host.isConnected && s.network) {
        if (s.unwatch) s.unwatch();
        s.network.destroy();
        s.network = null;
        presentPage(false);
        delete parentElement.__topicGraph;
      }
    }, 0);
  };
}
