// Test and automation hook, documented in the README. Positions are viewport CSS pixels.

export function exposeHook(s) {
  const box = () => s.canvas.getBoundingClientRect();
  const drawn = (slug) => s.network && s.base.has(slug) && !s.hiddenNow.has(slug);
  const placedLabel = (slug) => ((s.words && s.words.labels) || []).find((l) => l.id === slug);
  const chapters = () => [...s.base.keys()].filter((id) => !s.base.get(id).cluster);
  window.topicGraph = {
    ready: true,
    drawnAt: () => s.drawnAt,
    selected: () => s.v.selected,
    cursor: () => s.v.cursor,
    palette: () => ({ dark: !!s.palette.dark, text: s.palette.text, background: s.palette.bg }),
    // Chapters drawn (in overview mode: those of the open themes and the pinned ones).
    visibleNodes: () => chapters().filter((id) => !s.hiddenNow.has(id)).sort(),
    // Faded chapters, and in overview mode the bubbles ("theme:<slug>") of themes with no match.
    fadedNodes: () => (s.v.matchingSet ? [...chapters().filter((id) => !s.v.matchingSet.has(id)),
      ...[...s.base.values()].filter((n) => n.cluster && s.v.themeMatch && !(s.v.themeMatch.get(n.theme) > 0)).map((n) => n.id)]
      .sort() : []),
    // Overview mode (big curricula): closed themes drawn as bubbles, on screen, in viewport px.
    overview: () => !!(s.graph && s.graph.lod),
    clusters: () => {
      const r = box();
      return [...s.base.values()].filter((n) => n.cluster && !s.hiddenNow.has(n.id)).map((n) => {
        const p = s.network.canvasToDOM({ x: n.x, y: n.y });
        return { slug: s.graph.themes[n.theme].slug, name: n.fullTitle, count: n.count, x: r.left + p.x, y: r.top + p.y,
                 r: n.size * s.network.getScale(), onScreen: p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height };
      });
    },
    openThemes: () => (s.graph && s.graph.lod ? [...s.graph.__lod.expanded].map((t) => s.graph.themes[t].slug).sort() : []),
    outsideNodes: () => (s.v.outside ? [s.v.outside] : []),
    nodePosition: (slug) => {
      if (!drawn(slug)) return null;
      const p = s.network.canvasToDOM(s.network.getPositions([slug])[slug]);
      const r = box();
      if (p.x < 0 || p.y < 0 || p.x > r.width || p.y > r.height) return null;
      return { x: r.left + p.x, y: r.top + p.y };
    },
    // On-screen font size of the chapter's name in px (0 when it is left out: too small to read, or
    // no room beside its node), null if the chapter is not drawn.
    labelSize: (slug) => {
      if (!drawn(slug)) return null;
      const l = placedLabel(slug);
      return l ? l.px : 0;
    },
    // Every chapter name drawn, as the box it was drawn into: {slug, text, full, x, y, w, h, px}
    // (viewport px; for a route step the box holds its number disc too).
    labelBoxes: () => {
      const r = box();
      return ((s.words && s.words.labels) || []).map((l) => ({ slug: l.id, text: l.text, full: l.full, px: l.px,
                                                              x: r.left + l.x, y: r.top + l.y, w: l.w, h: l.h }));
    },
    themeLabels: () => {
      const r = box();
      return ((s.words && s.words.themes) || []).map((l) => ({ slug: l.slug, name: l.name, color: l.color,
        background: s.palette.bg, backdrop: !!l.backdrop, faded: !!l.faded, x: r.left + l.x, y: r.top + l.y, w: l.w, h: l.h }));
    },
    // Route step numbers as drawn: {slug, n, x, y, r} (disc centre and radius, viewport px).
    routeDiscs: () => {
      const r = box();
      return ((s.words && s.words.labels) || []).filter((l) => l.disc).map((l) => ({
        slug: l.id, n: l.step + 1, x: r.left + (l.discRight ? l.x + l.w - l.disc / 2 : l.x + l.disc / 2),
        y: r.top + l.y + l.h / 2, r: l.disc / 2 }));
    },
    marked: () => [...(s.v.marked || [])].sort(),
    emptyMessage: () => (s.empty && !s.empty.hidden ? s.empty.innerText : null),
    canvasBox: () => { const r = box(); return { x: r.left, y: r.top, w: r.width, h: r.height }; },
    routeNumbers: () => s.v.route.map((slug, i) => ({ slug, n: i + 1, drawn: drawn(slug) })),
    routeEdges: () => s.baseEdges.filter((e) => {
      const a = s.v.routeIndex.get(e.from), b = s.v.routeIndex.get(e.to);
      return a !== undefined && b !== undefined && Math.abs(a - b) === 1 && !s.hiddenNow.has(e.from) && !s.hiddenNow.has(e.to);
    }).map((e) => [e.from, e.to]),
    routeFaded: () => (s.v.route.length ? chapters().filter((id) => !s.v.routeIndex.has(id) && id !== s.v.selected).sort() : []),
    nodeRadius: (slug) => (drawn(slug) ? (s.nodes.get(slug).size || s.base.get(slug).size) * s.network.getScale() : null),
    statusMarks: () => Object.fromEntries([...s.v.status].filter(([slug]) => drawn(slug))),
    userMoved: () => !!s.userMoved,
    scale: () => s.network.getScale(),
    hasFocus: () => s.canvas.getRootNode().activeElement === s.canvas,
    neighbours: (slug) => [...(s.adjacent.get(slug) || [])].sort(),
    nodeStyle: (slug) => (s.base.has(slug) ? s.nodes.get(slug) : null),
    // A chapter's full name as drawn (in the reader's language), whether or not it is placed right now.
    name: (slug) => (s.base.has(slug) ? s.base.get(slug).fullTitle : null),
    animating: () => !!s.autoMoving,
    focus: (slug, scale) => { if (s.base.has(slug)) s.network.focus(slug, { scale: scale || s.network.getScale() }); },
  };
}
