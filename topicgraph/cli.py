"""Command line: ``python -m topicgraph <command> [DIR]``.

DIR defaults to ``$TOPICGRAPH_DATA`` or the bundled ``data/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .export import FORMATS, export
from .graph import build_graph
from .layout import LAYOUT_FILE, compute_positions, layout_home, read_positions, write_positions
from .lint import content_warnings
from .loader import read_curriculum
from .model import DIFFICULTIES, TYPES, Curriculum
from .notes import KINDS
from .notes.themes import RULES
from .query import Filters
from .stats import summary, theme_table


def _read(args: argparse.Namespace) -> Curriculum:
    """The content at DIR; the notes options (--kind, --themes, --theme-field, --ignore) override notes.yaml."""
    notes = {"kind": args.kind, "themes": args.themes, "theme_field": args.theme_field,
             "ignore": tuple(args.ignore or ())}
    return read_curriculum(args.dir, notes)


def _validate(args: argparse.Namespace) -> int:
    cur = _read(args)
    g = build_graph(cur)
    warnings = content_warnings(cur)
    if cur.is_notes:  # an imported notes folder: its problems are findings, not a broken build (--strict: they are)
        print(f"{len(cur.chapters)} notes, {len(cur.themes)} themes, {g.number_of_edges()} links ({cur.root}; "
              f"{cur.kind} folder, themes by {cur.info.get('theme_rule', '?')})")
        for problem in cur.problems:
            print(problem)
        print(f"{len(cur.problems)} problem(s), {len(warnings)} warning(s)",
              file=sys.stderr if cur.problems and args.strict else sys.stdout)
        return 1 if args.strict and (cur.problems or warnings) else 0
    print(f"{len(cur.chapters)} chapters, {len(cur.themes)} themes, {g.number_of_edges()} links ({cur.root})")
    for problem in cur.problems:
        print(problem)
    for warning in warnings:
        print(f"{warning.path}:{warning.line}: {warning.field}: warning: {warning.message}")
    if cur.problems or (warnings and args.strict):
        print(f"{len(cur.problems)} problem(s), {len(warnings)} warning(s)", file=sys.stderr)
        return 1
    print(f"0 problems, {len(warnings)} warning(s)" if warnings else "0 problems")
    return 0


def _stats(args: argparse.Namespace) -> int:
    cur = _read(args)
    g = build_graph(cur)
    if args.json:
        print(json.dumps({"summary": summary(cur, g), "themes": theme_table(cur).reset_index().to_dict("records")}))
    else:
        print(theme_table(cur).to_string())
        print()
        for key, value in summary(cur, g).items():
            print(f"{key}: {value}")
    return 0


def _export(args: argparse.Namespace) -> int:
    cur = _read(args)
    g = build_graph(cur)
    raw = {"theme": args.theme or "", "difficulty": args.difficulty or "", "type": args.type or ""}
    filters, notices = Filters.from_params(raw, [t.slug for t in cur.themes])
    if notices:  # a typo must not silently export everything
        for notice in notices:
            print(f"error: {notice.removesuffix(' was ignored.')}", file=sys.stderr)
        print(f"themes: {', '.join(t.slug for t in cur.themes)}", file=sys.stderr)
        return 2
    positions = None
    if args.format == "html":  # the stored layout; chapters missing from it are placed as the app would
        positions = compute_positions(g, cur, read_positions(layout_home(cur) / LAYOUT_FILE))
    text = export(args.format, cur, g, filters, positions)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _layout(args: argparse.Namespace) -> int:
    cur = _read(args)
    positions = compute_positions(build_graph(cur), cur, known=None)
    target = f"{layout_home(cur)}/{LAYOUT_FILE}"
    if not write_positions(target, positions):
        print(f"cannot write {target}", file=sys.stderr)
        return 1
    print(f"wrote {len(positions)} positions to {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m topicgraph",
        description="Check and inspect a System Design Space curriculum (themes.yaml + chapters/*.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("dir", nargs="?", help="content directory or notes folder (default: the first in "
                                              "$TOPICGRAPH_DATA, else the bundled data/)")
        notes = p.add_argument_group("notes folders", "override the folder's notes.yaml (Obsidian, Foam, Dendron or "
                                                      "plain Markdown folders)")
        notes.add_argument("--kind", choices=KINDS, help="the kind of folder (default: detected)")
        notes.add_argument("--themes", choices=RULES, help="where themes come from (default: the first rule that "
                                                           "sorts most notes: field, folder, dotted, tag, one)")
        notes.add_argument("--theme-field", metavar="NAME", help="the front-matter field holding themes")
        notes.add_argument("--ignore", metavar="GLOB", action="append", help="leave out matching paths "
                                                                             "(repeatable), e.g. 'Templates/**'")
        return p

    p = command("validate", "Load every file and print a summary and every problem as path:line: field: message, "
                            "then warnings (remote images, which the app never loads). Exit 0 when there is no "
                            "problem, 1 when any (--strict: also on warnings). For a notes folder problems are "
                            "listed and exit 1 only with --strict.")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=_validate)
    p = command("stats", "Chapters and words per theme, links and cross-theme links.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_stats)
    p = command("export", "Print the chapters matching the filters: the graph (nodes, typed edges) as JSON or "
                          "GraphML, the catalog as CSV, or a standalone interactive HTML page that works offline.")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    p.add_argument("--theme", metavar="A,B", help="only chapters in any of these themes (slugs)")
    p.add_argument("--difficulty", metavar="A,B", help=f"only these difficulties ({', '.join(DIFFICULTIES)})")
    p.add_argument("--type", metavar="A,B", help=f"only these content types ({', '.join(TYPES)})")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_export)
    command("layout", f"Recompute every node position from scratch and store it in DIR/{LAYOUT_FILE} "
                      "(moves every node; the app only ever adds new ones).").set_defaults(func=_layout)
    args = parser.parse_args(argv)
    return int(args.func(args))
