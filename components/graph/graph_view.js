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

import { drawMarks, edgeStyle, nodeStyle, quantScale, readPalette } from "./graph_draw.js";
import { frameAuto, frameNodes, frameSelection, frameVisible, keepInView, watchCamera, zoomBy } from "./graph_frame.js";
import { exposeHook } from "./graph_hook.js";
import { locale, tr, useTexts } from "./graph_i18n.js";
import { drawWords, orderWords, placeWords } from "./graph_labels.js";
import { followReader, hideTooltip, installDocumentHandlers, installGraphKeys, open } from "./graph_keys.js";
import { makeToolbar, renderLegend, setPresentButton, toolbarTexts } from "./graph_legend.js";
import { chapterEdge, chapterNode, compose, ensureThemes, isCluster, slugOf, themesFor, themesInView } from "./graph_lod.js";
import { installRoom, presentPage, sizeRoom, watchRoom } from "./graph_room.js";
import { dotMin, installTouch } from "./graph_touch.js";

const graphs = (window.__topicGraphStructures = window.__topicGraphStructures || new Map());
// Matching-chapter lists by key: the server sends a list only when it changes.
const matchingLists = (window.__topicGraphMatching = window.__topicGraphMatching || new Map());

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
        reject(new Error(url));  // shown after the catalog's "graph.unavailable"
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
  const live = document.createElement("div");
  live.className = "tg-live";
  live.setAttribute("aria-live", "polite");
  const legend = document.createElement("div");
  legend.className = "tg-legend";
  const status = document.createElement("div");
  status.className = "tg-status";
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

// The words that live across reruns (canvas label, toolbar, loading line) in the language of
// `graph`'s texts; a language switch sends a new structure with new texts and calls this again.
function setTexts(s, graph) {
  if (!useTexts(graph) && s.textsLang === locale()) return;
  s.textsLang = locale();
  s.wrap.setAttribute("lang", locale());
  s.canvas.setAttribute("aria-label", tr("canvas"));
  s.canvas.setAttribute("aria-roledescription", tr("roledescription"));
  if (!s.drawnAt && !s.failed) s.status.textContent = tr("loading");
  toolbarTexts(s);
  s.legendKey = null;  // the legend and the no-match message are rebuilt in the new words
  s.emptyKey = null;
}

// The PNG: the current view redrawn at >= 2x the canvas (chapter names placed for that resolution,
// so names too small on screen are in the picture), a title naming the view and the theme legend,
// saved under a name after the view.
export const PNG_MIN_FACTOR = 2;

function viewName(s) {
  const q = new URLSearchParams(location.search);
  const sel = s.v.selected && s.base.get(s.v.selected);
  const route = q.get("route");
  const parts = [];
  if (route) parts.push("route-" + route.replace("..", "-to-"));
  else if (sel) parts.push(s.v.selected);
  for (const k of ["theme", "difficulty", "type"]) if (q.get(k)) parts.push(k + "-" + q.get(k).replace(/,/g, "-"));
  if (q.get("depth") && sel) parts.push("depth-" + q.get("depth"));
  const slug = ("system-design-space-" + (parts.join("_") || "all")).toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
  const brand = tr("brand");
  let title = brand;
  if (route && s.v.route.length) {
    const a = s.base.get(s.v.route[0]), b = s.base.get(s.v.route[s.v.route.length - 1]);
    title = tr("png_route", { brand, start: a ? a.fullTitle : "", end: b ? b.fullTitle : "" });
  } else if (sel) title = tr("png_chapter", { brand, title: sel.fullTitle });
  const filters = ["theme", "difficulty", "type"].filter((k) => q.get(k)).map((k) => q.get(k).split(",").map((x) => {
    const th = k === "theme" && s.graph.themes.find((t) => t.slug === x);
    return th ? th.name : x.replace(/-/g, " ");
  }).join(", "));
  if (filters.length) title = tr("png_filters", { title, filters: filters.join("; ") });
  else if (!sel && !route) title = tr("png_all", { title });
  return { file: slug.slice(0, 120) + ".png", title };
}

export function renderPng(s) {
  const W = s.canvas.clientWidth, H = s.canvas.clientHeight;
  const k = Math.min(4, Math.max(PNG_MIN_FACTOR, Math.ceil(1600 / Math.max(W, 1))));
  const dpr = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
  // vis sizes its canvas by window.devicePixelRatio: draw once at k, then put it back.
  Object.defineProperty(window, "devicePixelRatio", { configurable: true, get: () => k });
  s.exportScale = k;
  s.wordsKey = null;
  let graphImg;
  try {
    s.network.setSize("100%", "100%");
    s.network.redraw();
    graphImg = s.canvas.querySelector("canvas");
    const copy = document.createElement("canvas");
    copy.width = graphImg.width; copy.height = graphImg.height;
    copy.getContext("2d").drawImage(graphImg, 0, 0);
    graphImg = copy;
  } finally {
    if (dpr) Object.defineProperty(window, "devicePixelRatio", dpr);
    else delete window.devicePixelRatio;
    s.exportScale = null;
    s.wordsKey = null;
    s.network.setSize("100%", "100%");
    s.network.redraw();
  }
  const { title, file } = viewName(s);
  const pal = s.palette;
  const font = "sans-serif";
  const out = document.createElement("canvas");
  const ctx = out.getContext("2d");
  const pad = 12 * k, titlePx = 18 * k, legendPx = 12 * k;
  // Legend rows: every theme drawn, wrapped to the picture's width.
  ctx.font = `${legendPx}px ${font}`;
  const shownThemes = new Set([...s.base.values()].filter((n) => !s.hiddenNow.has(n.id)).map((n) => n.theme));
  const entries = s.graph.themes.map((t, i) => ({ t, i })).filter(({ i }) => shownThemes.has(i));
  const rows = [[]];
  let x = pad;
  for (const e of entries) {
    const w = legendPx * 1.4 + ctx.measureText(e.t.name).width + legendPx;
    if (x + w > W * k - pad && rows[rows.length - 1].length) { rows.push([]); x = pad; }
    rows[rows.length - 1].push({ ...e, x });
    x += w;
  }
  const top = pad + titlePx * 1.4, legendH = rows.length * legendPx * 1.6 + pad;
  out.width = W * k;
  out.height = Math.round(top + H * k + legendH);
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = pal.text;
  ctx.textBaseline = "middle";
  ctx.font = `700 ${titlePx}px ${font}`;
  let shown = title;
  while (ctx.measureText(shown).width > out.width - 2 * pad && shown.length > 10) shown = shown.slice(0, -2) + "…";
  ctx.fillText(shown, pad, pad + titlePx * 0.7);
  ctx.drawImage(graphImg, 0, top, W * k, H * k);
  ctx.font = `${legendPx}px ${font}`;
  rows.forEach((row, r) => {
    const y = top + H * k + pad / 2 + (r + 0.5) * legendPx * 1.6;
    for (const e of row) {
      ctx.beginPath();
      ctx.fillStyle = e.t.color;
      ctx.arc(e.x + legendPx * 0.5, y, legendPx * 0.45, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = pal.text;
      ctx.fillText(e.t.name, e.x + legendPx * 1.4, y);
    }
  });
  return { canvas: out, file, title, factor: k };
}

function downloadPng(s) {
  const { canvas, file } = renderPng(s);
  const a = document.createElement("a");
  a.href = canvas.toDataURL("image/png");
  a.download = file;
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
             title: tr("cluster_tip", { name: n.fullTitle, n: n.count }) };
  }
  // No vis label: names are placed and drawn by graph_labels, after the edges and nodes.
  return { id: n.id, x: n.x, y: n.y, size: n.size, shape: "dot", color: n.color,
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
  // issue 10: hide edges while the camera moves when many are drawn, so panning stays fluid. At 1,000
  // chapters (~4,400 links with arrowheads) the links alone cost most of a frame (issue 15: 14 fps).
  const big = s.base.size > 600;
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
      nodes: { shape: "dot" },
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
    installTouch(s, open);  // taps and clicks that just miss a node
    s.network.on("doubleClick", (p) => {
      if (!p.nodes.length || isCluster(p.nodes[0])) return;
      const around = [p.nodes[0], ...(s.adjacent.get(p.nodes[0]) || [])].filter((id) => !s.hiddenNow.has(id));
      s.network.fit({ nodes: around, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
      s.userMoved = true;
    });
    s.network.on("afterDrawing", (ctx) => {
      drawMarks(ctx, s, s.network.getScale());
      drawAllWords(s, ctx);
    });
    s.network.on("hoverNode", () => { s.canvas.style.cursor = "pointer"; });
    s.network.on("blurNode", () => { s.canvas.style.cursor = "default"; });
    s.network.once("afterDrawing", () => {
      s.drawnAt = performance.now();
      reportDrawn(s, "drawn");
      s.status.textContent = "";
      s.wrap.setAttribute("data-drawn", "true");
    });
    let pending = false;
    s.unwatch = watchCamera(s, () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        // Only the overview's theme links depend on the zoom (their width), in steps.
        if (s.graph && s.graph.lod && quantScale(s.network.getScale()) !== s.v.qscale) restyle(s);
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
      .catch((err) => { s.status.textContent = tr("load_failed", { error: err.message }); })
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
  s.announce(tr("theme_opened", { name: n.fullTitle, n: n.count }));
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
    readable: data.present ? 22 : 13,  // 22: the quantised zoom may run 6 % under, and a room needs 20 px
    marked: data.marked && data.marked.length ? new Set(data.marked.map(slug).filter(Boolean)) : null,
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

function restyle(s) {
  const v = s.v;
  v.qscale = quantScale(s.network.getScale());
  const palette = s.palette;
  const nodeUpdates = [];
  const minR = dotMin(v.qscale);  // a phone: no dot smaller than a few pixels (graph_touch)
  for (const node of s.base.values()) {
    let { key, style } = nodeStyle(node, v, palette);
    if (minR && !node.cluster) {
      style.size = Math.max(node.size, minR);
      key += "|" + style.size;
    }
    if (s.styleKeys.get(node.id) !== key) {
      s.styleKeys.set(node.id, key);
      nodeUpdates.push(style);
    }
  }
  if (nodeUpdates.length) s.nodes.update(nodeUpdates);
  orderWords(s);
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

// No chapter matches the filters: say so on the canvas, naming the one filter whose removal brings
// chapters back (the server works it out), with a button that removes it (the page's URL without
// that parameter becomes the view, as a chapter link does).
function showEmpty(s, v, data) {
  const none = !!v.matchingSet && v.matchingSet.size === 0 && !v.localSet;
  if (!none) { if (s.empty) s.empty.hidden = true; return; }
  if (!s.empty) {
    s.empty = document.createElement("div");
    s.empty.className = "tg-empty";
    s.empty.setAttribute("role", "status");
    s.wrap.appendChild(s.empty);
  }
  const hint = data.empty || { params: ["theme", "difficulty", "type"], text: tr("clear_all") };
  const key = JSON.stringify([hint, locale()]);
  s.empty.hidden = false;
  if (s.emptyKey === key) return;
  s.emptyKey = key;
  const text = document.createElement("p");
  text.textContent = tr("empty");  // text only, never HTML
  const btn = document.createElement("button");
  btn.type = "button";
  btn.className = "tg-clear";
  btn.textContent = hint.text || tr("clear_all");  // worded by the server (components/graph/view.py)
  btn.addEventListener("click", () => {
    const params = new URLSearchParams(location.search);
    for (const p of hint.params) params.delete(p);
    s.setTrigger("nav", "?" + params.toString());
  });
  s.empty.replaceChildren(text, btn);
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
  installRoom(s);
  sizeRoom(s);

  showEmpty(s, v, data);
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
  } else if (firstApply && v.selected && !v.present && window.innerWidth < 640) {
    followReader(s.base.get(v.selected).fullTitle, false);  // a deep link on a phone: the title in view
  }
  s.pendingFocus = false;
}

// Chapter names, route numbers and theme names (graph_labels): placed again when the camera, the
// canvas or the view changed since the last frame, drawn over everything vis drew.
function drawAllWords(s, ctx) {
  if (!s.graph || !s.palette || !s.wordOrder) return;
  const scale = s.network.getScale();
  const t = ctx.getTransform();
  const ratio = t.a / scale;
  // The exact (fractional) size: clientHeight rounds 408.5 up to 409, counting a dot centred on the
  // bottom edge as on screen and letting a name end half a pixel past it.
  const rect = s.canvas.getBoundingClientRect();
  const W = rect.width, H = rect.height;
  const key = [t.a, t.e, t.f, W, H, s.palette.bg].join("|");
  if (s.wordsKey !== key) {
    const toScreen = (n) => ({ x: (n.x * t.a + t.e) / ratio, y: (n.y * t.d + t.f) / ratio });
    const t0 = performance.now();
    s.words = placeWords(s, W, H, scale, toScreen, blockedRects(s, W));
    s.placeMs = performance.now() - t0;  // read by bench.zoomfps
    s.wordsKey = key;
  }
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawWords(ctx, s, s.words);
  ctx.restore();
}

// What floats over the canvas (toolbar, presenter-mode legend, the no-match message): no word there.
function blockedRects(s, W) {
  const cr = s.canvas.getBoundingClientRect();
  const out = [];
  for (const el of [s.toolbar, s.empty]) {
    if (!el || el.hidden || !el.isConnected) continue;
    const r = el.getBoundingClientRect();
    if (r.width) out.push({ x: r.left - cr.left - 4, y: r.top - cr.top - 4, w: r.width + 8, h: r.height + 8 });
  }
  if (s.v.present) {
    const lr = s.legend.getBoundingClientRect();
    out.push({ x: 0, y: lr.top - cr.top - 4, w: W, h: lr.height + 8 });
  }
  return out;
}

const WAIT_MS = 4000;

// Once per page: tell the server the graph is on screen (or will not be), when it waits for that.
function reportDrawn(s, how) {
  if (s.reported || !s.latest || !s.latest.waiting || !s.setTrigger) return;
  s.reported = true;
  clearTimeout(s.waitTimer);
  s.setTrigger("drawn", how);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let s = parentElement.__topicGraph;
  if (!s) {
    s = setup(parentElement);
    parentElement.__topicGraph = s;
    watchRoom(s);
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
  if (graph) setTexts(s, graph);
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
  // The page's second run (the rest of the page, once the graph is drawn) changes only `waiting`: the same
  // view must not be applied again, which would place every word anew and blink the labels.
  const same = s.drawnAt && s.latest && s.latest.waiting && !view.waiting && sameView(s.latest, view);
  s.latest = view;
  if (same) return cleanupFor(parentElement, s);
  loadVis(data.visUrl)
    .then((vis) => {
      if (!graph.lod) return vis;
      // Overview mode: the themes this view draws chapter by chapter must be here first.
      const need = themesFor(graph, view, s.graph === graph ? s.lodOpen || [] : []);
      return ensureThemes(graph, view.detailUrl, need)
        .catch((err) => { s.status.textContent = tr("load_failed", { error: err.message }); })
        .then(() => vis);
    })
    .then((vis) => { if (s.latest === view) apply(s, vis, graph, view); })
    .catch((err) => {
      console.error(err); s.failed = true; s.status.textContent = tr("unavailable", { error: err.message });
      reportDrawn(s, "failed");
    });
  // The page waits for the first drawing before it sends the rest of itself (reader, search, sidebar);
  // a graph that takes long must not keep them away.
  if (view.waiting && !s.waitTimer) s.waitTimer = setTimeout(() => reportDrawn(s, "late"), WAIT_MS);
  return cleanupFor(parentElement, s);
}

function sameView(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("waiting");
  keys.delete("graph");  // the structure travels once; the graph itself is named by graphKey
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}

function cleanupFor(parentElement, s) {
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
