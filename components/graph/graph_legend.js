// The widget's controls: a toolbar (Fit, zoom, Present, PNG) and the theme legend. Each is one Tab
// stop; the arrow keys move between its buttons (roving tabindex).

function roving(container) {
  container.addEventListener("keydown", (e) => {
    const items = [...container.querySelectorAll("button")];
    const i = items.indexOf(e.composedPath()[0]);
    if (i < 0) return;
    let j = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") j = (i + 1) % items.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") j = (i - 1 + items.length) % items.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = items.length - 1;
    if (j === null) return;
    e.preventDefault();
    e.stopPropagation();
    items.forEach((b, k) => b.setAttribute("tabindex", k === j ? "0" : "-1"));
    items[j].focus();
  });
}

function button(text, title, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = title;
  b.setAttribute("aria-label", title);
  b.addEventListener("click", onClick);
  return b;
}

export function makeToolbar(s, actions) {
  const bar = document.createElement("div");
  bar.className = "tg-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Graph view");
  const fit = button("⤢ Fit", "Show the whole graph (key 0)", actions.fit);
  fit.className = "tg-fit";
  const zin = button("+", "Zoom in (key +)", actions.zoomIn);
  const zout = button("−", "Zoom out (key −)", actions.zoomOut);
  const present = button("▶ Present", "Presenter mode: the graph fills the screen", actions.present);
  present.className = "tg-present-btn";
  const png = button("⤓ PNG", "Download the current view as a PNG picture", actions.png);
  png.className = "tg-png";
  const items = [fit, zin, zout, present, png];
  items.forEach((b, k) => b.setAttribute("tabindex", k === 0 ? "0" : "-1"));
  bar.append(...items);
  roving(bar);
  s.presentButton = present;
  return bar;
}

export function setPresentButton(s, on) {
  s.presentButton.textContent = on ? "✕ Exit presenter mode" : "▶ Present";
  s.presentButton.setAttribute("aria-pressed", on ? "true" : "false");
}

// Every theme, always: filtered-out ones are shown "off" (with their counts), and a click adds or
// removes a theme from the filter.
export function renderLegend(s, graph, view) {
  const total = new Map(), shown = new Map();
  if (graph.lod) {  // overview mode: counts per theme come with the structure and the view
    graph.themes.forEach((t, i) => {
      if (!t.n) return;
      total.set(i, t.n);
      const m = view.themeMatch ? view.themeMatch.get(i) || 0 : t.n;
      if (m) shown.set(i, m);
    });
  }
  for (const [id, , , theme] of graph.nodes || []) {
    total.set(theme, (total.get(theme) || 0) + 1);
    if (!view.matchingSet || view.matchingSet.has(id)) shown.set(theme, (shown.get(theme) || 0) + 1);
  }
  const filter = view.themes || [];
  const key = JSON.stringify([[...shown], filter]);
  if (s.legendKey === key) return;
  s.legendKey = key;
  const focused = s.legend.contains(s.root.activeElement || null)
    ? s.root.activeElement.getAttribute("data-theme") : null;
  s.legend.replaceChildren();
  const group = document.createElement("div");
  group.className = "tg-legend-items";
  group.setAttribute("role", "toolbar");
  group.setAttribute("aria-label", "Themes: press a theme to filter by it, again to remove it; arrow keys move");
  const buttons = [];
  graph.themes.forEach((t, i) => {
    const on = filter.includes(t.slug);
    const off = !shown.has(i);
    const item = document.createElement("button");
    item.type = "button";
    item.className = "tg-legend-item" + (on ? " tg-on" : "") + (off ? " tg-off" : "");
    item.setAttribute("aria-pressed", on ? "true" : "false");
    item.title = on ? `Remove the ${t.name} filter` : `Filter by ${t.name}`;
    item.setAttribute("data-theme", t.slug);
    const dot = document.createElement("span");
    dot.className = "tg-dot";
    dot.style.background = t.color;
    const name = document.createElement("span");
    const n = off ? total.get(i) || 0 : shown.get(i);
    name.textContent = `${t.name} (${n})${off ? " · off" : ""}`;  // text only, never HTML
    item.append(dot, name);
    item.addEventListener("click", () => s.setTrigger("theme", t.slug));
    buttons.push(item);
    group.appendChild(item);
  });
  const current = buttons.find((b) => b.getAttribute("data-theme") === focused) || buttons[0];
  buttons.forEach((b) => b.setAttribute("tabindex", b === current ? "0" : "-1"));
  roving(group);
  const kinds = document.createElement("span");
  kinds.className = "tg-kinds";
  kinds.textContent = "→ next   ⇢ context (dashed)   ➜ prerequisite (bold)";
  s.legend.append(group, kinds);
  if (focused) current.focus();
}
