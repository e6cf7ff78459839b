// Topic graph: a vis-network drawing that lives across Streamlit reruns.
//
// Served from the app's static folder and imported once per page by a tiny inline loader,
// so a rerun re-sends neither these modules nor the 470 KB vis-network bundle (copied from the
// installed pyvis). The graph's structure is sent once per session and kept in a page-level
// cache; each later render carries only the view (selection, matching chapters, fade/hide,
// route, local graph, reading status) and restyles just the nodes and edges whose look changed.
// Nodes never move. Modules: graph_draw (looks), graph_frame (camera), graph_keys (keyboard,
// links, reader), graph_legend (toolbar, legend), graph_hook (window.topicGraph).

import { BASE_FONT, LABEL_MIN_PX, declutter, drawMarks, edgeStyle, nodeStyle, placeThemeLabels, quantScale, readPalette,
         textShade } from "./graph_draw.js";
import { frameAuto, frameSelection, frameVisible, keepInView, watchCamera, zoomBy } from "./graph_frame.js";
import { exposeHook } from "./graph_hook.js";
import { followReader, hideTooltip, installDocumentHandlers, installGraphKeys, open } from "./graph_keys.js";
import { makeToolbar, renderLegend, setPresentButton } from "./graph_legend.js";

const graphs = (window.__topicGraphStructures = window.__topicGraphStructures || new Map());
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

function build(s, vis, graph) {
  const nodes = graph.nodes.map(([id, label, title, theme, difficulty, size, x, y]) => ({
    id, label, x, y, size, shape: "dot", color: graph.themes[theme].color,
    // vis-network shows a string title as plain text, never as HTML.
    title: `${title}\n${graph.difficulties[difficulty]} · ${graph.themes[theme].name}`,
  }));
  s.labels = new Map(nodes.map((n) => [n.id, n.label]));
  s.base = new Map(graph.nodes.map(([id, , title, theme, difficulty, size, x, y]) => [id, {
    id, x, y, size, color: graph.themes[theme].color, theme, fullTitle: title,
    themeName: graph.themes[theme].name, difficulty: graph.difficulties[difficulty] }]));
  s.baseEdges = graph.edges.map(([from, to, kind], i) => ({
    id: "e" + i, from: graph.nodes[from][0], to: graph.nodes[to][0], kind: graph.edgeKinds[kind],
    dashes: graph.edgeKinds[kind] === "context" ? [6, 4] : false,
  }));
  s.adjacent = new Map(nodes.map((n) => [n.id, new Set()]));
  s.nextOf = new Map();
  s.nextKind = new Map(s.baseEdges.filter((e) => e.kind === "next").map((e) => [e.from + ">" + e.to, true]));
  for (const e of s.baseEdges) {
    s.adjacent.get(e.from).add(e.to);
    s.adjacent.get(e.to).add(e.from);
    // Every edge points in reading order; "next" ones first (a next link that is also a
    // prerequisite or context carries the stronger kind, so the others follow).
    const list = s.nextOf.get(e.from) || [];
    if (e.kind === "next") list.splice(list.filter((id) => s.nextKind.get(e.from + ">" + id)).length, 0, e.to);
    else list.push(e.to);
    s.nextOf.set(e.from, list);
  }
  s.styleKeys = new Map();
  s.nodes = new vis.DataSet(nodes);
  s.edges = new vis.DataSet(s.baseEdges);
  const big = nodes.length > 1000;  // issue 10: keep panning fluid on large curricula
  if (!s.network) {
    s.network = new vis.Network(s.canvas, { nodes: s.nodes, edges: s.edges }, {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, multiselect: false, dragNodes: false,
                     hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false },
      nodes: { shape: "dot", font: { size: BASE_FONT },
               scaling: { label: { enabled: false, drawThreshold: LABEL_MIN_PX, maxVisible: 60 } } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, smooth: false, selectionWidth: 1.5 },
    });
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
      if (!p.nodes.length) return;
      const around = [p.nodes[0], ...s.adjacent.get(p.nodes[0])].filter((id) => !s.hiddenNow.has(id));
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
      });
    });
  } else {
    s.network.setData({ nodes: s.nodes, edges: s.edges });
  }
  s.network.setOptions({ interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big } });
  s.framed = null;
}

// The derived view: sets and maps the styling and the camera need.
function deriveView(s, graph, data) {
  const slug = (i) => graph.nodes[i] && graph.nodes[i][0];
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
    neighbours: sel ? s.adjacent.get(sel) : new Set(),
    cursor: prev.selected === sel ? prev.cursor : null,
    readable: data.present ? 20 : 13,
  };
  v.routeIndex = new Map(v.route.map((id, i) => [id, i]));
  const hidden = new Set();
  for (const id of s.base.keys()) {
    if (id === sel) continue;
    if ((v.localSet && !v.localSet.has(id)) || (v.mode === "hide" && v.matchingSet && !v.matchingSet.has(id))) hidden.add(id);
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
    if (style.font.size > BASE_FONT && !style.hidden) labelled.push(node.id);
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
  renderLegend(s, graph, { matchingSet: v.matchingSet, themes: data.themes });
  // Frame before styling, so label sizes are computed for the zoom the camera goes to.
  const frameKey = JSON.stringify([data.matching, data.mode, data.local, data.route, v.present]);
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
  const key = [t.a, t.e, t.f, W, H, px, s.palette.bg, s.data && JSON.stringify([s.data.matching, s.data.mode, s.data.local]),
               s.v.selected, s.v.cursor, (s.labelled || []).length].join("|");
  if (s.themeKey !== key) {
    const sums = new Map();
    const circles = [];
    for (const n of s.base.values()) {
      if (s.hiddenNow.has(n.id)) continue;
      const p = toScreen(n);
      if (p.x < 0 || p.y < 0 || p.x > W || p.y > H) continue;
      circles.push({ x: p.x, y: p.y, r: n.size * scale + 3 });
      const a = sums.get(n.theme) || { x: 0, y: 0, n: 0 };
      a.x += p.x; a.y += p.y; a.n += 1;
      sums.set(n.theme, a);
    }
    const items = [...sums].sort((p, q) => q[1].n - p[1].n).map(([theme, a]) => {
      const th = s.graph.themes[theme];
      return { slug: th.slug, name: th.name, x: a.x / a.n, y: a.y / a.n, color: textShade(th.color, s.palette.bg) };
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
  s.latest = data;
  if (data.graph) graphs.set(data.graph.key, data.graph);
  const graph = graphs.get(data.graphKey);
  if (!graph) {
    // Structure not on this page yet (component remounted after a page switch): ask for it once.
    if (s.asked !== data.graphKey) {
      s.asked = data.graphKey;
      setTriggerValue("need", data.graphKey);
    }
    return undefined;
  }
  loadVis(data.visUrl)
    .then((vis) => { if (s.latest === data) apply(s, vis, graph, data); })
    .catch((err) => { s.status.textContent = "Graph unavailable: " + err.message; });
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
