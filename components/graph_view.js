// Topic graph: a vis-network drawing that lives across Streamlit reruns.
//
// Served from the app's static folder and imported once per page by a tiny inline loader,
// so a rerun re-sends neither this file nor the 470 KB vis-network bundle (copied from the
// installed pyvis). The graph's structure is sent once per session and kept in a page-level
// cache; each later render carries only the view (selection, matching chapters, fade/hide,
// theme) and restyles just the nodes and edges whose look changed. Nodes never move.

const DIM = 0.16;
const graphs = (window.__topicGraphStructures = window.__topicGraphStructures || new Map());

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

function rgba(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function cssVar(el, name, fallback) {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

function setup(root) {
  const wrap = document.createElement("div");
  wrap.className = "tg-wrap";
  wrap.setAttribute("data-testid", "topic-graph");
  const canvas = document.createElement("div");
  canvas.className = "tg-canvas";
  const fit = document.createElement("button");
  fit.className = "tg-fit";
  fit.type = "button";
  fit.title = "Show the whole graph";
  fit.textContent = "⤢ Fit";
  const legend = document.createElement("div");
  legend.className = "tg-legend";
  const status = document.createElement("div");
  status.className = "tg-status";
  status.textContent = "Loading graph…";
  wrap.append(canvas, fit, legend, status);
  root.appendChild(wrap);
  const s = { root, wrap, canvas, legend, status, network: null, nodes: null, edges: null, graph: null,
              styleKeys: new Map(), selected: null, view: null, drawnAt: null, palette: null };
  fit.addEventListener("click", () => s.network && fitAll(s, true));
  return s;
}

function nodeStyle(node, view, palette, neighbours) {
  const matching = !view.matching || view.matchingSet.has(node.id);
  const hidden = !matching && view.mode === "hide";
  const selected = node.id === view.selected;
  const near = neighbours.has(node.id);
  const faded = !matching;
  const key = [hidden, selected, near, faded, palette.text].join("|");
  const style = {
    id: node.id,
    hidden,
    borderWidth: selected ? 4 : near ? 2 : 1,
    color: {
      background: faded ? rgba(node.color, DIM) : node.color,
      border: selected || near ? palette.text : faded ? rgba(node.color, DIM * 2) : node.color,
      highlight: { background: node.color, border: palette.text },
      hover: { background: node.color, border: palette.text },
    },
    font: {
      color: faded ? rgba(palette.textHex, 0.3) : palette.text,
      // vis skips labels under 5 px on screen: at the overview zoom only the selection and its
      // neighbours stay labelled, which is exactly what a reader needs there.
      size: selected ? 26 : near ? 22 : 13,
      strokeWidth: 3,
      strokeColor: palette.bg,
    },
  };
  return { key, style };
}

function edgeStyle(edge, view, palette) {
  const on = (id) => !view.matching || view.matchingSet.has(id);
  const both = on(edge.from) && on(edge.to);
  const hidden = view.mode === "hide" && !both;
  const touches = view.selected && (edge.from === view.selected || edge.to === view.selected);
  const alpha = touches ? 0.95 : both ? 0.3 : 0.07;
  const key = [hidden, alpha, palette.text].join("|");
  return {
    key,
    style: {
      id: edge.id,
      hidden,
      width: (edge.kind === "prerequisite" ? 2.2 : 1) * (touches ? 2 : 1),
      color: { color: rgba(palette.edgeHex, alpha), highlight: palette.text, hover: palette.text, inherit: false },
    },
  };
}

function build(s, vis, graph) {
  const nodes = graph.nodes.map(([id, label, title, theme, difficulty, size, x, y]) => ({
    id, label, x, y, size, shape: "dot", color: graph.themes[theme].color,
    // vis-network shows a string title as plain text, never as HTML.
    title: `${title}\n${graph.difficulties[difficulty]} · ${graph.themes[theme].name}`,
  }));
  s.base = new Map(nodes.map((n) => [n.id, n]));
  s.baseEdges = graph.edges.map(([from, to, kind], i) => ({
    id: "e" + i, from: graph.nodes[from][0], to: graph.nodes[to][0], kind: graph.edgeKinds[kind],
    dashes: graph.edgeKinds[kind] === "context" ? [6, 4] : false,
  }));
  s.adjacent = new Map(nodes.map((n) => [n.id, new Set()]));
  for (const e of s.baseEdges) {
    s.adjacent.get(e.from).add(e.to);
    s.adjacent.get(e.to).add(e.from);
  }
  s.styleKeys = new Map();
  s.nodes = new vis.DataSet(nodes);
  s.edges = new vis.DataSet(s.baseEdges);
  if (!s.network) {
    s.network = new vis.Network(s.canvas, { nodes: s.nodes, edges: s.edges }, {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, multiselect: false },
      nodes: { shape: "dot", scaling: { label: { enabled: false } } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, smooth: false, selectionWidth: 1.5 },
    });
    s.network.on("click", (p) => {
      if (p.nodes.length) s.setTrigger("clicked", p.nodes[0]);
    });
    s.network.on("doubleClick", (p) => {
      if (!p.nodes.length) return;
      const around = [p.nodes[0], ...s.adjacent.get(p.nodes[0])].filter((id) => !s.nodes.get(id).hidden);
      s.network.fit({ nodes: around, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    });
    s.network.on("afterDrawing", (ctx) => drawThemeLabels(s, ctx));
    s.network.on("hoverNode", () => { s.canvas.style.cursor = "pointer"; });
    s.network.on("blurNode", () => { s.canvas.style.cursor = "default"; });
    s.network.once("afterDrawing", () => {
      s.drawnAt = performance.now();
      s.status.textContent = "";
      s.wrap.setAttribute("data-drawn", "true");
    });
  } else {
    s.network.setData({ nodes: s.nodes, edges: s.edges });
  }
  fitAll(s, false);
}

// Fit, then step back a little so names at the edges are not clipped.
function fitAll(s, animate) {
  s.network.fit({ animation: false });
  const scale = s.network.getScale() * 0.92;
  s.network.moveTo({ scale, animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
}

function apply(s, vis, graph, view) {
  if (s.graph !== graph) {
    build(s, vis, graph);
    s.graph = graph;
    s.selected = null;
  }
  s.view = view;
  view.matchingSet = new Set((view.matching || []).map((i) => graph.nodes[i][0]));
  const palette = readPalette(s, view);
  s.palette = palette;
  s.wrap.style.height = view.height + "px";

  const sel = view.selected && s.base.has(view.selected) ? view.selected : null;
  const neighbours = sel ? s.adjacent.get(sel) : new Set();
  const nodeUpdates = [];
  for (const node of s.base.values()) {
    const { key, style } = nodeStyle(node, view, palette, neighbours);
    if (s.styleKeys.get(node.id) !== key) {
      s.styleKeys.set(node.id, key);
      nodeUpdates.push(style);
    }
  }
  if (nodeUpdates.length) s.nodes.update(nodeUpdates);
  const edgeUpdates = [];
  for (const edge of s.baseEdges) {
    const { key, style } = edgeStyle(edge, view, palette);
    if (s.styleKeys.get(edge.id) !== key) {
      s.styleKeys.set(edge.id, key);
      edgeUpdates.push(style);
    }
  }
  if (edgeUpdates.length) s.edges.update(edgeUpdates);

  if (sel && !s.nodes.get(sel).hidden) {
    s.network.selectNodes([sel], false);
    if (sel !== s.selected) bringIntoView(s, sel);
  } else {
    s.network.unselectAll();
  }
  s.selected = sel;
  renderLegend(s, graph, view);
  exposeHook(s);
}

// Theme names over their neighbourhoods, like place names on a map; sized for the screen.
function drawThemeLabels(s, ctx) {
  if (!s.view || !s.graph) return;
  const scale = s.network.getScale();
  const sums = new Map();
  for (const [id, , , theme, , , x, y] of s.graph.nodes) {
    if (s.nodes.get(id).hidden) continue;
    const a = sums.get(theme) || { x: 0, y: 0, n: 0 };
    a.x += x; a.y += y; a.n += 1;
    sums.set(theme, a);
  }
  const drawn = [];
  const boxes = [];
  const px = 13 / scale;  // 13 screen pixels whatever the zoom
  ctx.save();
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = `600 ${px}px sans-serif`;
  ctx.lineWidth = 4 / scale;
  ctx.strokeStyle = s.palette.bg;
  ctx.globalAlpha = 0.9;
  // Bigger themes first; a name that would overlap one already drawn is left out.
  for (const [theme, a] of [...sums].sort((p, q) => q[1].n - p[1].n)) {
    const t = s.graph.themes[theme];
    const x = a.x / a.n, y = a.y / a.n;
    const w = ctx.measureText(t.name).width / 2 + px * 0.3, h = px * 0.75;
    if (boxes.some((b) => Math.abs(b.x - x) < b.w + w && Math.abs(b.y - y) < b.h + h)) continue;
    boxes.push({ x, y, w, h });
    ctx.strokeText(t.name, x, y);
    ctx.fillStyle = t.color;
    ctx.fillText(t.name, x, y);
    drawn.push(t.slug);
  }
  ctx.restore();
  s.themeLabels = drawn.sort();
}

// Colours come from the live Streamlit theme (CSS variables; a theme switch reruns the app),
// so labels stay readable in light and dark; Python's light/dark flag is the fallback.
function readPalette(s, view) {
  const bg = cssVar(s.wrap, "--st-background-color", view.dark ? "#0e1117" : "#ffffff");
  const dark = luminance(bg) === null ? !!view.dark : luminance(bg) < 0.5;
  const textHex = dark ? "#fafafa" : "#31333f";
  return { text: cssVar(s.wrap, "--st-text-color", textHex), textHex, bg,
           edgeHex: dark ? "#a3a8b8" : "#5c6070", dark };
}

function luminance(color) {
  const probe = document.createElement("canvas").getContext("2d");
  probe.fillStyle = "#010203";
  probe.fillStyle = color;  // normalises any CSS colour to #rrggbb (or rgba())
  const v = probe.fillStyle;
  if (v === "#010203" && color.toLowerCase() !== "#010203") return null;
  const m = v.startsWith("#") ? [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16))
                              : (v.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
}

function bringIntoView(s, slug) {
  const p = s.network.canvasToDOM(s.network.getPositions([slug])[slug]);
  const w = s.canvas.clientWidth, h = s.canvas.clientHeight, m = 40;
  if (p.x < m || p.y < m || p.x > w - m || p.y > h - m) {
    s.network.focus(slug, { scale: s.network.getScale(), animation: { duration: 250, easingFunction: "easeInOutQuad" } });
  }
}

function renderLegend(s, graph, view) {
  const counts = new Map();
  for (const [id, , , theme] of graph.nodes) {
    if (!view.matching || view.matchingSet.has(id)) counts.set(theme, (counts.get(theme) || 0) + 1);
  }
  const key = JSON.stringify([...counts, view.themes]);
  if (s.legendKey === key) return;
  s.legendKey = key;
  s.legend.replaceChildren();
  graph.themes.forEach((t, i) => {
    if (!counts.has(i) && !(view.themes || []).includes(t.slug)) return;
    const item = document.createElement("button");
    item.type = "button";
    item.className = "tg-legend-item" + ((view.themes || []).includes(t.slug) ? " tg-on" : "");
    item.title = `Filter by ${t.name} (click again to remove)`;
    item.setAttribute("data-theme", t.slug);
    const dot = document.createElement("span");
    dot.className = "tg-dot";
    dot.style.background = t.color;
    const name = document.createElement("span");
    name.textContent = `${t.name} (${counts.get(i) || 0})`;  // text only, never HTML
    item.append(dot, name);
    item.addEventListener("click", () => s.setTrigger("theme", t.slug));
    s.legend.appendChild(item);
  });
  const kinds = document.createElement("span");
  kinds.className = "tg-kinds";
  kinds.textContent = "→ next   ⇢ context (dashed)   ➜ prerequisite (bold)";
  s.legend.appendChild(kinds);
}

// Test and automation hook, documented in the README.
function exposeHook(s) {
  window.topicGraph = {
    ready: true,
    drawnAt: () => s.drawnAt,
    themeLabels: () => s.themeLabels || [],
    selected: () => s.selected,
    palette: () => ({ dark: !!s.palette.dark, text: s.palette.text, background: s.palette.bg }),
    visibleNodes: () => s.nodes.get({ filter: (n) => !n.hidden }).map((n) => n.id).sort(),
    fadedNodes: () => (s.view.matching ? [...s.base.keys()].filter((id) => !s.view.matchingSet.has(id)).sort() : []),
    nodePosition: (slug) => {
      if (!s.network || !s.base.has(slug) || s.nodes.get(slug).hidden) return null;
      const p = s.network.canvasToDOM(s.network.getPositions([slug])[slug]);
      const r = s.canvas.getBoundingClientRect();
      if (p.x < 0 || p.y < 0 || p.x > r.width || p.y > r.height) return null;
      return { x: r.left + p.x, y: r.top + p.y };
    },
    focus: (slug) => { if (s.base.has(slug)) s.network.focus(slug, { scale: s.network.getScale() }); },
  };
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let s = parentElement.__topicGraph;
  if (!s) {
    s = setup(parentElement);
    parentElement.__topicGraph = s;
  }
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
        s.network.destroy();
        s.network = null;
        delete parentElement.__topicGraph;
      }
    }, 0);
  };
}
