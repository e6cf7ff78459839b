"""Time the study planner: a goal set of the whole curriculum, at 213 (bundled) and 5,000 (synthetic) chapters.

    python -m bench.planner --sizes "213 5000" --runs 7

Prints the median of N runs of :func:`topicgraph.planner.make_plan` per size, once for a plan that fits and
once for one that does not (that one also finds its cuts: a lean plan, the later date and a binary search for
the extra minutes a day). "cold" counts the once-per-content preparation (word counts, link lists), "warm" is
every later plan of the same content (what the app does on each rerun). Targets (issue 18): <= 0.2 s at 213
chapters, <= 2 s at 5,000.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bench.offline import content_for
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.planner import Budget, Request, make_plan
from topicgraph.planner.reviews import good_intervals

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {213: 0.2, 5000: 2.0}


def measure(size: int, runs: int, seed: int = 1) -> list[dict[str, object]]:
    cur = read_curriculum(content_for(size, ROOT / "data", seed))
    g = build_graph(cur)
    goals = tuple(c.slug for c in cur.chapters)
    today = date(2026, 12, 3)
    good_intervals()  # the scheduler's set-up is once per process
    rows = []
    # The bundled 213 chapters are ~7 h of reading, a 5,000-chapter one ~170 h: the first case fits, the second not.
    fit_days = 60 if size <= 213 else 240
    for label, budget, days in (("fits", Budget(90, 180), fit_days), ("does not fit", Budget(10, 20), 30)):
        req = Request(goals, today, today + timedelta(days=days), budget)
        for cold in (True, False):
            times, plan = [], None
            for _ in range(runs):
                if cold:  # from scratch, as after a content change: word counts and link lists too
                    cur.memo.pop("planner.prepared", None)
                t = time.perf_counter()
                plan = make_plan(cur, g, req)
                times.append(time.perf_counter() - t)
            assert plan is not None
            rows.append({"size": len(cur.chapters), "case": f"{label}, {'cold' if cold else 'warm'}",
                         "median_s": statistics.median(times), "max_s": max(times), "chapters": plan.fit.chapters,
                         "fits": plan.fit.fits, "cuts": len(plan.cuts), "target_s": TARGETS.get(size)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="213 5000")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split()):
        for r in measure(size, args.runs):
            target = f" (target <= {r['target_s']} s)" if r["target_s"] else ""
            print(f"{r['size']:>6} chapters, {r['case']:<18}: median {r['median_s']:.3f} s, max {r['max_s']:.3f} s "
                  f"over {args.runs} runs{target}; {r['chapters']} to read, fits={r['fits']}, {r['cuts']} cuts",
                  flush=True)


if __name__ == "__main__":
    main()
