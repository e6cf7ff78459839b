// The widget's controls: a toolbar (Fit, zoom, Present, PNG) and the theme legend. Each is one Tab
// stop; the arrow keys move between its buttons (roving tabindex). Words: graph_i18n.

import { number, tr } from "./graph_i18n.js";

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

function button(onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function setButton(b, text, title) {
  b.textContent = text;
  b.title = title;
  b.setAttribute("aria-label", title);
}

// The buttons are made once (they live across reruns); their words come from toolbarTexts.
export function makeToolbar(s, actions) {
  const bar = document.createElement("div");
  bar.className = "tg-toolbar";
  bar.setAttribute("role", "toolbar");
  const fit = button(actions.fit);
  fit.className = "tg-fit";
  const zin = button(actions.zoomIn);
  const zout = button(actions.zoomOut);
  const present = button(actions.present);
  present.className = "tg-present-btn";
  const png = button(actions.png);
  png.className = "tg-png";
  const items = [fit, zin, zout, present, png];
  items.forEach((b, k) => b.setAttribute("tabindex", k === 0 ? "0" : "-1"));
  bar.append(...items);
  roving(bar);
  s.presentButton = present;
  s.toolButtons = { bar, fit, zin, zout, png };
  toolbarTexts(s);
  return bar;
}

// The toolbar's words in the current language (again after a language switch).
export function toolbarTexts(s) {
  const b = s.toolButtons;
  b.bar.setAttribute("aria-label", tr("toolbar"));
  setButton(b.fit, tr("fit"), tr("fit_help"));
  setButton(b.zin, "+", tr("zoom_in_help"));
  setButton(b.zout, "−", tr("zoom_out_help"));
  setButton(b.png, tr("png"), tr("png_help"));
  setPresentButton(s, !!(s.v && s.v.present));
}

export function setPresentButton(s, on) {
  s.presentButton.textContent = on ? tr("present_exit") : tr("present");
  s.presentButton.title = tr("present_help");
  s.presentButton.setAttribute("aria-label", tr("present_help"));
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
  const marked = !!(s.v && s.v.status && s.v.status.size);  // progress marks drawn: say what they mean
  const key = JSON.stringify([graph.key, graph.locale, [...shown], filter, marked]);  // graph.key: new names (a language switch, an edit)
  if (s.legendKey === key) return;
  s.legendKey = key;
  const focused = s.legend.contains(s.root.activeElement || null)
    ? s.root.activeElement.getAttribute("data-theme") : null;
  s.legend.replaceChildren();
  const group = document.createElement("div");
  group.className = "tg-legend-items";
  group.setAttribute("role", "toolbar");
  group.setAttribute("aria-label", tr("legend"));
  const buttons = [];
  graph.themes.forEach((t, i) => {
    const on = filter.includes(t.slug);
    const off = !shown.has(i);
    const item = document.createElement("button");
    item.type = "button";
    item.className = "tg-legend-item" + (on ? " tg-on" : "") + (off ? " tg-off" : "");
    item.setAttribute("aria-pressed", on ? "true" : "false");
    item.title = on ? tr("legend_unfilter", { name: t.name }) : tr("legend_filter", { name: t.name });
    item.setAttribute("data-theme", t.slug);
    const dot = document.createElement("span");
    dot.className = "tg-dot";
    dot.style.background = t.color;
    const name = document.createElement("span");
    const n = off ? total.get(i) || 0 : shown.get(i);
    name.textContent = tr(off ? "legend_off" : "legend_item", { name: t.name, n: number(n) });  // text only, never HTML
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
  kinds.textContent = tr("kinds");
  s.legend.append(group, kinds);
  if (marked) {
    const marks = document.createElement("span");
    marks.className = "tg-kinds tg-marks";
    marks.textContent = tr("marks");
    s.legend.append(marks);
  }
  foldLegend(s, group, kinds);
  if (focused) current.focus();
}

// Many themes (or long Russian names) wrap the legend to rows that take the canvas's height: beyond
// two rows it folds, with a button saying how many themes are out of sight. Not while a theme that
// is a filter would be hidden, nor after the reader unfolded it; focus on a hidden theme unfolds it.
const FOLD_ROWS = 2;

function foldLegend(s, group, after) {
  const items = [...group.children];
  group.style.maxHeight = "";
  const tops = [...new Set(items.map((b) => b.offsetTop))].sort((a, b) => a - b);
  if (tops.length <= FOLD_ROWS + 1) return;  // a third row costs less than the button's row would
  const cut = tops[FOLD_ROWS];
  const hidden = items.filter((b) => b.offsetTop >= cut);
  if (hidden.some((b) => b.classList.contains("tg-on"))) return;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "tg-legend-more";
  const show = (open) => {
    s.legendOpen = open;
    group.style.maxHeight = open ? "" : `${cut - tops[0]}px`;
    group.classList.toggle("tg-folded", !open);
    more.textContent = open ? tr("legend_less") : tr("legend_more", { n: hidden.length });
    more.setAttribute("aria-expanded", open ? "true" : "false");
  };
  more.addEventListener("click", () => show(!s.legendOpen));
  group.addEventListener("focusin", (e) => { if (!s.legendOpen && hidden.includes(e.target)) show(true); });
  after.before(more);
  show(!!s.legendOpen);
}
