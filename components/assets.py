"""Front-end files served from ``static/vendor`` (Streamlit static serving), never committed.

- ``vis-network.min.js`` comes from the installed pyvis, so the app needs no CDN.
- The graph view's own JS and CSS are copied under a content-hashed name, so the browser
  caches them for good and a change can never be hidden by a stale cache.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parent / "static" / "vendor"
VIS_FILE = "vis-network.min.js"
OWN_FILES = (HERE / "graph_view.js", HERE / "graph_view.css")


def pyvis_vis_file() -> Path:
    """The vis-network bundle shipped with the installed pyvis (the newest version it has)."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: run `make run` or `pip install -r requirements.txt`")
    candidates = sorted(Path(spec.origin).parent.glob(f"lib/vis-*/{VIS_FILE}"))
    if not candidates:
        raise RuntimeError("the installed pyvis has no lib/vis-*/vis-network.min.js")
    return candidates[-1]


def hashed_name(source: Path) -> str:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    return f"topic-graph.{digest}{source.suffix}"


def ensure_assets() -> dict[str, str]:
    """Copy what is missing or changed; return file names under ``static/vendor`` by role."""
    VENDOR.mkdir(parents=True, exist_ok=True)
    vis = pyvis_vis_file()
    target = VENDOR / VIS_FILE
    if not target.exists() or target.stat().st_size != vis.stat().st_size:
        shutil.copyfile(vis, target)
    names = {"vis": VIS_FILE}
    for source in OWN_FILES:
        name = hashed_name(source)
        if not (VENDOR / name).exists():  # older copies stay: a running server may still serve them
            shutil.copyfile(source, VENDOR / name)
        names[source.suffix.lstrip(".")] = name
    return names


if __name__ == "__main__":
    for role, name in ensure_assets().items():
        print(f"{role}: {VENDOR / name}")
