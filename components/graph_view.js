// Topic graph: a vis-network drawing that lives across Streamlit reruns.
// The 470 KB vis-network file is loaded once per page from the app's static folder
// (copied from the installed pyvis), the network object is kept on the component's
// root, and each render only restyles what changed, so nodes never jump.

const DIM = 0.16;

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
  const legend = document.createElement("div");
  legend.className = "tg-legend";
  const status = document.createElement("div");
  status.className = "tg-status";
  status.textContent = "Loading graph…";
  wrap.append(canvas, legend, status);
  root.appendChild(wrap);
  return { root, wrap, canvas, legend, status, network: null, nodes: null, edges: null,
           graphKey: null, styleKeys: new Map(), selected: null, data: null, drawnAt: null };
}

// Style of one node for the current view; the string key lets us skip unchanged nodes.
function nodeStyle(s, node, data, palette) {
  const matching = !data.matching || data.matchingSet.has(node.id);
  const hidden = !matching && data.mode === "hide";
  const selected = node.id === data.selected;
  const faded = !matching;
  const color = node.color;
  const key = [hidden, selected, faded, palette.text].join("|");
  const style = {
    id: node.id,
    hidden,
    borderWidth: selected ? 4 : 1,
    color: {
      background: faded ? rgba(color, DIM) : color,
      border: selected ? palette.text : faded ? rgba(color, DIM * 2) : color,
      highlight: { background: color, border: palette.text },
      hover: { background: color, border: palette.text },
    },
    font: {
      color: faded ? rgba(palette.textHex, 0.3) : palette.text,
      size: selected ? 18 : 13,
      bold: selected ? { color: palette.text } : undefined,
      strokeWidth: 3,
      strokeColor: palette.bg,
    },
  };
  return { key, style };
}

function edgeStyle(edge, data, palette) {
  const on = (id) => !data.matching || data.matchingSet.has(id);
  const both = on(edge.from) && on(edge.to);
  const hidden = data.mode === "hide" && !both;
  const alpha = both ? 0.32 : 0.07;
  const key = [hidden, alpha, palette.text].join("|");
  return {
    key,
    style: {
      id: edge.id,
      hidden,
      color: { color: rgba(palette.edgeHex, alpha), highlight: palette.text, hover: palette.text, inherit: false },
    },
  };
}

function apply(s, vis, data) {
  s.data = data;
  data.matchingSet = new Set(data.matching || []);
  const dark = data.dark;
  const textHex = dark ? "#fafafa" : "#31333f";
  const palette = {
    text: cssVar(s.wrap, "--st-text-color", textHex),
    textHex,
    bg: cssVar(s.wrap, "--st-background-color", dark ? "#0e1117" : "#ffffff"),
    edgeHex: dark ? "#a3a8b8" : "#5c6070",
  };
  s.palette = palette;
  s.wrap.style.height = data.height + "px";

  if (s.graphKey !== data.graphKey) {
    // Structure changed (first render or new content): rebuild the data sets once.
    const nodes = data.nodes.map(([id, label, theme, size, x, y, tip]) => ({
      id, label, x, y, size, title: tip, color: data.themes[theme].color, shape: "dot",
    }));
    s.base = new Map(nodes.map((n) => [n.id, n]));
    const edges = data.edges.map(([from, to, kind], i) => ({
      id: "e" + i, from, to, kind: data.edgeKinds[kind],
      dashes: data.edgeKinds[kind] === "context" ? [6, 4] : false,
      width: data.edgeKinds[kind] === "prerequisite" ? 2.2 : 1,
    }));
    s.baseEdges = edges;
    s.styleKeys = new Map();
    s.nodes = new vis.DataSet(nodes);
    s.edges = new vis.DataSet(edges);
    if (!s.network) {
      s.network = new vis.Network(s.canvas, { nodes: s.nodes, edges: s.edges }, {
        physics: false,
        layout: { improvedLayout: false },
        interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: false, multiselect: false },
        nodes: { shape: "dot", scaling: { label: { enabled: false } } },
        edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, smooth: false, selectionWidth: 1.5 },
      });
      s.network.on("click", (p) => {
        if (!p.nodes.length) return;
        const slug = p.nodes[0];
        s.setTrigger("clicked", slug);
      });
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
    s.graphKey = data.graphKey;
    s.fitPending = true;
  }

  const nodeUpdates = [];
  for (const node of s.base.values()) {
    const { key, style } = nodeStyle(s, node, data, palette);
    if (s.styleKeys.get(node.id) !== key) {
      s.styleKeys.set(node.id, key);
      nodeUpdates.push(style);
    }
  }
  if (nodeUpdates.length) s.nodes.update(nodeUpdates);
  const edgeUpdates = [];
  for (const edge of s.baseEdges) {
    const { key, style } = edgeStyle(edge, data, palette);
    if (s.styleKeys.get(edge.id) !== key) {
      s.styleKeys.set(edge.id, key);
      edgeUpdates.push(style);
    }
  }
  if (edgeUpdates.length) s.edges.update(edgeUpdates);

  if (s.fitPending) {
    s.fitPending = false;
    s.network.fit({ animation: false });
  }
  const sel = data.selected && s.base.has(data.selected) ? data.selected : null;
  if (sel && !s.nodes.get(sel).hidden) {
    s.network.selectNodes([sel], true);
    if (sel !== s.selected) bringIntoView(s, sel);
  } else {
    s.network.unselectAll();
  }
  s.selected = sel;
  renderLegend(s, data);
  exposeHook(s);
}

function bringIntoView(s, slug) {
  const p = s.network.canvasToDOM(s.network.getPositions([slug])[slug]);
  const w = s.canvas.clientWidth, h = s.canvas.clientHeight, m = 40;
  if (p.x < m || p.y < m || p.x > w - m || p.y > h - m) {
    s.network.focus(slug, { scale: s.network.getScale(), animation: { duration: 250, easingFunction: "easeInOutQuad" } });
  }
}

function renderLegend(s, data) {
  const counts = new Map();
  for (const [id, , theme] of data.nodes) {
    if (!data.matching || data.matchingSet.has(id)) counts.set(theme, (counts.get(theme) || 0) + 1);
  }
  const key = JSON.stringify([...counts]);
  if (s.legendKey === key) return;
  s.legendKey = key;
  s.legend.replaceChildren();
  data.themes.forEach((t, i) => {
    if (!counts.has(i)) return;
    const item = document.createElement("span");
    item.className = "tg-legend-item";
    const dot = document.createElement("span");
    dot.className = "tg-dot";
    dot.style.background = t.color;
    const name = document.createElement("span");
    name.textContent = `${t.name} (${counts.get(i)})`;  // text only, never HTML
    item.append(dot, name);
    s.legend.appendChild(item);
  });
  const kinds = document.createElement("span");
  kinds.className = "tg-legend-item tg-kinds";
  kinds.textContent = "→ next   ⇢ context (dashed)   ➜ prerequisite (bold)";
  s.legend.appendChild(kinds);
}

// Test and automation hook, documented in the README.
function exposeHook(s) {
  window.topicGraph = {
    ready: true,
    drawnAt: () => s.drawnAt,
    palette: () => ({ dark: !!s.data.dark, text: s.palette.text, background: s.palette.bg }),
    selected: () => s.selected,
    visibleNodes: () => s.nodes.get({ filter: (n) => !n.hidden }).map((n) => n.id).sort(),
    fadedNodes: () => (s.data.matching ? [...s.base.keys()].filter((id) => !s.data.matchingSet.has(id)).sort() : []),
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
  loadVis(data.visUrl)
    .then((vis) => { if (s.latest === data) apply(s, vis, data); })
    .catch((err) => { s.status.textContent = "Graph unavailable: " + err.message; });
  return () => {
    // Streamlit calls this when the element goes away; keep the network if we are re-rendered in place.
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
