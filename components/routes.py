"""Learning-path pieces of the graph page: routes, the local-graph depth, theme cards, bridges.

Render only: every computation is in ``topicgraph.routes`` / ``topicgraph.bridges`` / ``topicgraph.reading``.
"""

from __future__ import annotations

import streamlit as st

from components import progress_ui, state
from components.chapter_panel import link_kind
from components.i18n_ui import difficulty_label, t
from components.start_here import chapter_link, md_escape
from components.state import Explorer
from topicgraph.bridges import Bridge, bridges
from topicgraph.model import Chapter, Curriculum
from topicgraph.query import neighbourhood
from topicgraph.routes import Route, RouteStep, parse_route, route_steps
from topicgraph.safe_md import literal
from topicgraph.themes import ThemeOverview, theme_overview

_OPEN_THEME = "_tg_open_theme"
_DEPTHS = ("all", 1, 2, 3)


def _route() -> Route | None:
    return parse_route(state.route())


_STEPS_KEPT = 64  # routes remembered per content version


def _steps(ex: Explorer) -> list[RouteStep]:
    """The route's steps, computed once per content version, route and set of done chapters
    (every click reruns this with the same three)."""
    route = _route()
    if route is None:
        return []
    cur = ex.curriculum
    done = progress_ui.done_chapters(cur) if not route.start else None  # "from..to" ignores what is done
    key = (route, frozenset(done) if done is not None else None)
    memo: dict[tuple[Route, frozenset[str] | None], list[RouteStep]] = cur.memo.setdefault("routes.steps", {})
    steps = memo.get(key)
    if steps is None:
        steps = route_steps(cur, ex.graph, route, done=done)
        if len(memo) >= _STEPS_KEPT:
            memo.clear()
        memo[key] = steps
    return list(steps)


def current_route(ex: Explorer) -> list[str] | None:
    """The route held in the URL, as an ordered list of chapter slugs (None when there is none)."""
    return [s.slug for s in _steps(ex)] or None


def local_nodes(ex: Explorer, chapter: Chapter | None) -> set[str] | None:
    """Chapters within ``depth`` hops of the selection (links in either direction), or None for all."""
    hops = state.depth()
    if hops is None or chapter is None:
        return None
    return neighbourhood(ex.graph, chapter.slug, hops) or None


def local_view(ex: Explorer, chapter: Chapter | None) -> set[str] | None:
    """The chapters the local graph draws (done ones left out when the sidebar hides them), or None."""
    return progress_ui.without_done(ex.curriculum, local_nodes(ex, chapter))


def _title(cur: Curriculum, slug: str) -> str:
    c = cur.get(slug)
    return c.title if c else slug


def _no_route_sentence(cur: Curriculum, route: Route) -> str:
    missing = [s for s in (route.start, route.goal) if s and cur.get(s) is None]
    if missing:
        # the value comes from the URL: shown as typed, never as Markdown
        return t("route.no_chapter", slug=literal(missing[0], limit=60))
    if route.start:
        return t("route.no_chain", start=literal(_title(cur, route.start)), goal=literal(_title(cur, route.goal)))
    return t("route.nothing_before", goal=literal(_title(cur, route.goal)))


def _step_why(cur: Curriculum, step: RouteStep) -> str:
    """Why a step's link exists: the context box's own "why" (content), or our sentence for the other kinds."""
    if step.kind == "context" or step.target is None:
        return step.why
    a, b = (step.target, step.slug) if step.backwards else (step.slug, step.target)
    if cur.get(a) is None or cur.get(b) is None:
        return ""
    if step.kind == "prerequisite":
        return t("route.why.prerequisite", b=_title(cur, b))
    if step.kind == "next":
        return t("route.why.next", a=_title(cur, a), b=_title(cur, b))
    return step.why


def _show_route(ex: Explorer, route: Route, steps: list[RouteStep]) -> None:
    cur = ex.curriculum
    with st.container(border=True, key="route-panel"):
        what = (t("route.from_to", start=_title(cur, route.start), goal=_title(cur, route.goal)) if route.start
                else t("route.path_to", goal=_title(cur, route.goal)))
        st.subheader(md_escape(what), anchor=False)
        if not steps:
            st.info(_no_route_sentence(cur, route), icon=":material/route:")
        lines = []
        for i, step in enumerate(steps, 1):
            c = cur.get(step.slug)
            if c is None:
                continue
            line = f"{i}. {chapter_link(c, route=route.param)} · {difficulty_label(c.difficulty)}"
            if step.kind and step.target:
                how = t("route.step_back" if step.backwards else "route.step", kind=link_kind(step.kind),
                        target=literal(_title(cur, step.target)), why=literal(_step_why(cur, step)))
                line += f"  \n   {how}"
            lines.append(line)
        if lines:
            st.markdown("\n".join(lines))
            done = progress_ui.done_chapters(cur)
            if done and not route.start:
                st.caption(t("route.done_left_out"))
        if not route.start and cur.get(route.goal) is not None:
            st.page_link("pages/plan.py", label=t("route.make_plan"), icon=":material/event_note:",
                         query_params={"goal": route.goal})
        st.button(t("route.clear"), key="route-clear", icon=":material/close:", on_click=state.set_route, args=(None,))


def _by_title(cur: Curriculum) -> list[str]:
    """Every chapter slug, by title (the planner's options), sorted once per content version."""
    found: list[str] | None = cur.memo.get("routes.by_title")
    if found is None:
        found = sorted((c.slug for c in cur.chapters), key=lambda s: cur.chapter_map[s].title.lower())
        cur.memo["routes.by_title"] = found
    return found


def _route_controls(ex: Explorer) -> None:
    cur = ex.curriculum
    chapter = state.selected(cur)
    slugs = _by_title(cur)

    def fmt(slug: str) -> str:
        return _title(cur, slug)

    with st.expander(t("route.plan"), icon=":material/route:", expanded=state.route() is None and chapter is None,
                     key="route-plan", on_change="rerun") as plan:
        # Labels looked up in a dict, not by t() in a lambda: a format function is called again outside the
        # run (AppTest), where the session's language is not known.
        kinds = {k: t(f"route.kind.{k}") for k in ("goal", "chain")}
        kind = st.radio(t("route.kind"), list(kinds), horizontal=True, key="route-kind", format_func=kinds.__getitem__,
                        label_visibility="collapsed")
        if kind == "goal" and chapter is not None:
            st.button(t("route.here", title=md_escape(chapter.title)), key="route-here", icon=":material/flag:",
                      on_click=state.set_route, args=(chapter.slug,))
        # The chapter pickers send every title: only while the planner is open (on_change="rerun" makes
        # .open known), so a click on a chapter, which leaves it closed, does not resend them.
        if not plan.open:
            return
        if kind == "goal":
            goal = st.selectbox(t("route.goal"), slugs, index=None, key="route-goal", format_func=fmt,
                                placeholder=t("route.goal_placeholder"))
            st.button(t("route.show_path"), key="route-go", disabled=goal is None, icon=":material/route:",
                      on_click=state.set_route, args=(goal,))
        else:
            start = st.selectbox(t("route.from"), slugs, index=None, key="route-from", format_func=fmt,
                                 placeholder=t("route.from_placeholder"))
            goal = st.selectbox(t("route.to"), slugs, index=None, key="route-to", format_func=fmt,
                                placeholder=t("route.to_placeholder"))
            st.button(t("route.show_chain"), key="route-chain", disabled=not (start and goal and start != goal),
                      icon=":material/route:", on_click=state.set_route, args=(f"{start}..{goal}",))


def _set_depth(key: str) -> None:
    value = st.session_state.get(key)
    state.set_depth(None if value in (None, "all") else int(value))
    state.request_full_rerun()  # the sidebar's count says what is drawn


def _depth_control(chapter: Chapter) -> None:
    current = state.depth() or "all"
    key = f"depth-{current}"  # a new key per value: the control follows the URL, not its own memory
    labels = {d: t("route.local_all") if d == "all" else t("route.hops", n=int(d)) for d in _DEPTHS}
    st.segmented_control(
        t("route.local", title=literal(chapter.title, limit=80)), _DEPTHS, default=current, key=key,
        format_func=labels.__getitem__,
        on_change=_set_depth, args=(key,), help=t("route.local_help"))


def route_panel(ex: Explorer) -> bool:
    """The route in the reader, the route planner and the local-graph depth.

    Returns True when a route is shown and no chapter is selected (the route then takes the reader's
    place); with a chapter selected, the chapter is read under its route.
    """
    if st.session_state.pop(_OPEN_THEME, False):
        st.switch_page("pages/themes.py", query_params=state.theme_page_params())
    cur = ex.curriculum
    chapter = state.selected(cur)
    route = _route()
    if route is not None:
        _show_route(ex, route, _steps(ex))
    _route_controls(ex)
    if chapter is not None:
        _depth_control(chapter)
    return route is not None and chapter is None


def _open_theme(slug: str) -> None:
    state.show_theme(slug)  # the theme page shows it; the graph's filters stay
    st.session_state[_OPEN_THEME] = True


def theme_cards(chapter: Chapter) -> None:
    """Under a chapter in two or more themes (a bridge): a card per theme with "Open theme"."""
    if len(chapter.themes) < 2:
        return
    cur = state.explorer().curriculum
    st.subheader(t("route.bridges_chapter", n=len(chapter.themes)), anchor=False)
    for col, slug in zip(st.columns(len(chapter.themes)), chapter.themes, strict=True):
        theme = cur.theme_map[slug]
        count = cur.theme_sizes.get(slug, 0)
        with col, st.container(border=True, key=f"theme-card-{slug}"):
            st.markdown(f"**{literal(theme.name)}** · {t('count.chapters', n=count)}")
            st.caption(literal(theme.description))
            st.button(t("route.open_theme"), key=f"open-theme-{chapter.slug}-{slug}", icon=":material/category:",
                      on_click=_open_theme, args=(slug,))


def _links_across(br: Bridge) -> str:
    """A bridge's reach in words: how many chapters across the border its links touch."""
    others = {end for link in br.cross_links for end in link[:2] if end != br.slug}
    if not others:
        return ""
    return t("route.links_across", n=len(others))


def default_pair(ex: Explorer, overview: ThemeOverview | None) -> tuple[str, str] | None:
    """The pair the bridges open with: on a theme page that theme and the theme it links to most;
    elsewhere the first two themes that link to each other the most."""
    cur = ex.curriculum
    if overview is not None and overview.neighbours:
        return overview.theme.slug, overview.neighbours[0][0]
    if "routes.default_pair" in cur.memo:  # once per content version
        return cur.memo["routes.default_pair"]  # type: ignore[no-any-return]
    best: tuple[int, str, str] | None = None
    for theme in cur.themes:
        found = theme_overview(cur, ex.graph, theme.slug)
        if found is not None and found.neighbours:
            other, n = found.neighbours[0]
            if best is None or n > best[0]:
                best = (n, theme.slug, other)
    cur.memo["routes.default_pair"] = pair = (best[1], best[2]) if best else None
    return pair


def bridges_section(ex: Explorer, overview: ThemeOverview | None = None) -> None:
    """Pick two themes → the chapters that connect them, most bridging first, with the cross links.

    Opens on a related pair (see :func:`default_pair`); the ranking's betweenness score is not shown
    (a number like 0.007 means nothing to a reader): each bridge says whether it sits in both themes
    and how many chapters across its links touch."""
    cur = ex.curriculum
    names = {t.slug: t.name for t in cur.themes}
    slugs = list(names)
    st.subheader(t("route.bridges"), anchor=False)
    pair = default_pair(ex, overview) or tuple(slugs[:2])
    # Keyed by the default pair: another theme page opens on its own pair, a choice made here stays.
    suffix = "-".join(pair)
    left, right = st.columns(2)
    a = left.selectbox(t("route.theme_a"), slugs, index=slugs.index(pair[0]) if pair else None,
                       format_func=names.__getitem__, key=f"bridge-a-{suffix}")
    b = right.selectbox(t("route.theme_b"), slugs, index=slugs.index(pair[-1]) if pair else None,
                        format_func=names.__getitem__, key=f"bridge-b-{suffix}")
    found = bridges(cur, ex.graph, a, b) if a and b and a != b else []
    if not found:
        st.info(t("route.pick_two"))
        return
    lines = []
    for i, br in enumerate(found[:10], 1):
        c = cur.chapter_map[br.slug]
        where = t("route.in_both") if br.in_both else t("route.in_theme", theme=literal(names[c.theme]))
        reach = _links_across(br)
        lines.append(f"{i}. {chapter_link(c)} · {where}" + (f" · {reach}" if reach else ""))
        for u, v, kind in br.cross_links[:4]:
            lines.append("   - " + t("route.cross_link", a=literal(_title(cur, u)), b=literal(_title(cur, v)),
                                            kind=link_kind(kind)))
    st.markdown("\n".join(lines))
    st.caption(t("route.bridges_note"))
