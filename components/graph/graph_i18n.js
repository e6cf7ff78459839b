// The component's words, in the reader's language: the payload's `ui` (the catalog's graph.* keys,
// topicgraph/i18n/*.yaml) with {name} placeholders. A plural entry ({one, few, many, other}) is
// picked by Intl.PluralRules and numbers are written by Intl.NumberFormat, both in the payload's
// locale. No user-facing word is written in these modules themselves (tests/unit/test_graph_texts.py).

let UI = {};
let LOCALE = "en";
let numbers = new Intl.NumberFormat("en");
let plurals = new Intl.PluralRules("en");

// Use the texts that came with this graph structure (a language switch sends a new structure).
// True when they changed.
export function useTexts(graph) {
  if (!graph || !graph.ui || graph.ui === UI) return false;
  UI = graph.ui;
  LOCALE = graph.locale || "en";
  numbers = new Intl.NumberFormat(LOCALE);
  plurals = new Intl.PluralRules(LOCALE);
  return true;
}

export const locale = () => LOCALE;
export const number = (n) => numbers.format(n);

// The text of `key` (without "graph.") with `params` filled in; "" before any texts arrived.
export function tr(key, params = {}) {
  let entry = UI[key];
  if (entry === undefined || entry === null) return "";
  if (typeof entry === "object") entry = entry[plurals.select(Number(params.n) || 0)] || entry.other || "";
  return String(entry).replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const value = params[name];
    return typeof value === "number" ? numbers.format(value) : String(value);
  });
}
