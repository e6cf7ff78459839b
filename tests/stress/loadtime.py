"""validate time (load + graph + warnings; median of N runs) at several sizes: ``python -m tests.stress.loadtime 213 5000``.

213 means the bundled ``data/``; other sizes use a synthetic curriculum in a temporary directory.
Each run starts with an empty parse cache (a cold process); ``--warm`` also times a second load.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import BUNDLED
from tests.stress.synth import synth
from topicgraph import cli, loader


def once(root: Path) -> float:
    """``python -m topicgraph validate ROOT`` in-process (load, graph, warnings, print), output discarded."""
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["validate", str(root)])
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[213, 5000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = BUNDLED if n == 213 else synth(Path(tmp), n)
            cold, warm, sig = [], [], []
            for _ in range(args.runs):
                getattr(loader, "clear_cache", lambda: None)()
                cold.append(once(root))
                warm.append(once(root))
                t = time.perf_counter()
                loader.content_signature(root)
                sig.append(time.perf_counter() - t)
            med = statistics.median
            print(f"{n:>6} chapters: load+validate cold {med(cold):.3f} s, warm {med(warm):.3f} s, "
                  f"content_signature {med(sig) * 1000:.1f} ms  (median of {args.runs})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
