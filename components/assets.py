"""Copy the vis-network bundle that pyvis ships into ``static/vendor`` (served by Streamlit).

The file is never committed: it comes from the installed pyvis at start-up, so the
app needs no CDN and no network.
"""

from __future__ import annotations

import shutil
from importlib.util import find_spec
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
VIS_FILE = "vis-network.min.js"
VIS_TARGET = STATIC / "vendor" / VIS_FILE


def pyvis_vis_file() -> Path:
    """The vis-network file bundled with the installed pyvis (newest version it ships)."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: run `make run` or `pip install -r requirements.txt`")
    candidates = sorted(Path(spec.origin).parent.glob(f"lib/vis-*/{VIS_FILE}"))
    if not candidates:
        raise RuntimeError("the installed pyvis has no lib/vis-*/vis-network.min.js")
    return candidates[-1]


def ensure_vis_asset() -> Path:
    """Copy the bundle when missing or different; return its path under ``static/``."""
    source = pyvis_vis_file()
    if not VIS_TARGET.exists() or VIS_TARGET.stat().st_size != source.stat().st_size:
        VIS_TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, VIS_TARGET)
    return VIS_TARGET


if __name__ == "__main__":
    print(ensure_vis_asset())
