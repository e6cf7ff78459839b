"""Command line: ``python -m topicgraph <command> [DIR]``.

DIR defaults to ``$TOPICGRAPH_DATA`` or the bundled ``data/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import networkx as nx

from .graph import build_graph
from .layout import LAYOUT_FILE, compute_positions, write_positions
from .lint import content_warnings
from .loader import read_curriculum
from .stats import summary, theme_table


def _validate(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    g = build_graph(cur)
    warnings = content_warnings(cur)
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
    cur = read_curriculum(args.dir)
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
    g = build_graph(read_curriculum(args.dir))
    if args.format == "graphml":
        flat = nx.DiGraph()
        flat.add_nodes_from((n, {k: ",".join(v) if isinstance(v, tuple) else v for k, v in d.items() if v is not None})
                            for n, d in g.nodes(data=True))
        flat.add_edges_from(
            (u, v, {"kind": d["kind"], "kinds": ",".join(d["kinds"])}) for u, v, d in g.edges(data=True)
        )
        for line in nx.generate_graphml(flat):
            print(line)
    else:
        print(json.dumps(nx.node_link_data(g, edges="links"), default=list, indent=1))
    return 0


def _layout(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    positions = compute_positions(build_graph(cur), cur, known=None)
    target = f"{cur.root}/{LAYOUT_FILE}"
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
        p.add_argument("dir", nargs="?", help="content directory (default: $TOPICGRAPH_DATA or bundled data/)")
        return p

    p = command("validate", "Load every file and print a summary and every problem as path:line: field: message, "
                            "then warnings (remote images, which the app never loads). Exit 0 when there is no "
                            "problem, 1 when any (--strict: also on warnings).")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=_validate)
    p = command("stats", "Chapters and words per theme, links and cross-theme links.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_stats)
    p = command("export", "Print the chapter graph (nodes, typed edges) for other tools.")
    p.add_argument("--format", choices=["json", "graphml"], default="json", help="output format (default json)")
    p.set_defaults(func=_export)
    command("layout", f"Recompute every node position from scratch and store it in DIR/{LAYOUT_FILE} "
                      "(moves every node; the app only ever adds new ones).").set_defaults(func=_layout)
    args = parser.parse_args(argv)
    return int(args.func(args))
