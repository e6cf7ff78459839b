"""Front-end files served from ``static/vendor`` (Streamlit static serving), never committed.

- ``vis-network.min.js`` comes from the installed pyvis, so the app needs no CDN.
- The graph view's own JS modules and CSS are copied under content-hashed names, so the browser
  caches them for good and a change can never be hidden by a stale cache. The entry module imports
  its siblings as ``./graph_draw.js`` etc.; those specifiers are rewritten to the hashed names
  (siblings first, so a changed sibling changes the entry's hash too).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parent / "static" / "vendor"
VIS_FILE = "vis-network.min.js"
# Dependencies before the modules that import them; the entry module (graph_view.js) last.
OWN_FILES = tuple(HERE / "graph" / name for name in (
    "graph_i18n.js", "graph_draw.js", "graph_touch.js", "graph_labels.js", "graph_frame.js", "graph_hook.js",
    "graph_legend.js", "graph_keys.js", "graph_lod.js", "graph_room.js", "graph_view.js",
    "graph_view.css",
))
_IMPORT = re.compile(r'(from\s+"\./)([\w-]+\.js)(")')


def pyvis_vis_file() -> Path:
    """The vis-network bundle shipped with the installed pyvis (the newest version it has)."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: run `make run` or `pip install -r requirements.txt`")
    candidates = sorted(Path(spec.origin).parent.glob(f"lib/vis-*/{VIS_FILE}"))
    if not candidates:
        raise RuntimeError("the installed pyvis has no lib/vis-*/vis-network.min.js")
    return candidates[-1]


def hashed_name(source: Path, content: bytes | None = None) -> str:
    data = source.read_bytes() if content is None else content
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem = "topic-graph" if source.stem == "graph_view" else source.stem.replace("_", "-")
    return f"{stem}.{digest}{source.suffix}"


def _rewrite_imports(text: str, names: dict[str, str]) -> str:
    """``from "./graph_draw.js"`` -> ``from "./graph-draw.<hash>.js"`` (sibling modules only)."""
    return _IMPORT.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)) + m.group(3), text)


def ensure_assets() -> dict[str, str]:
    """Copy what is missing or changed; return file names under ``static/vendor`` by role."""
    VENDOR.mkdir(parents=True, exist_ok=True)
    vis = pyvis_vis_file()
    target = VENDOR / VIS_FILE
    if not target.exists() or target.stat().st_size != vis.stat().st_size:
        shutil.copyfile(vis, target)
    names = {"vis": VIS_FILE}
    modules: dict[str, str] = {}
    for source in OWN_FILES:
        content = source.read_bytes()
        if source.suffix == ".js":
            content = _rewrite_imports(content.decode(), modules).encode()
        name = hashed_name(source, content)
        if not (VENDOR / name).exists():  # older copies stay: a running server may still serve them
            (VENDOR / name).write_bytes(content)
        modules[source.name] = name
        if source.stem == "graph_view":
            names[source.suffix.lstrip(".")] = name
    # The entry's sibling modules, so the page can fetch them alongside it rather than after it.
    names["siblings"] = " ".join(n for src, n in modules.items() if src.endswith(".js") and src != "graph_view.js")
    return names


def publish_detail(key: str, files: dict[int, bytes], keep: int = 8) -> str:
    """Write a graph's per-theme detail files under ``static/vendor/detail/<key>/`` (once per
    content version; each file appears whole or not at all) and return that folder relative to
    ``static/vendor``. The browser fetches a theme's file when it opens that theme; older versions
    beyond the newest *keep* are removed."""
    root = VENDOR / "detail"
    folder = root / key
    if not (folder / "complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for theme, content in files.items():
            target = folder / f"{theme}.json"
            tmp = folder / f".{theme}.{os.getpid()}.tmp"
            tmp.write_bytes(content)
            os.replace(tmp, target)
        (folder / "complete").write_text("")
    old = sorted((d for d in root.iterdir() if d.is_dir() and d.name != key), key=lambda d: d.stat().st_mtime)
    for d in old[: max(len(old) - keep, 0)]:
        shutil.rmtree(d, ignore_errors=True)
    return f"detail/{key}/"


if __name__ == "__main__":
    for role, name in ensure_assets().items():
        for one in name.split():
            print(f"{role}: {VENDOR / one}")
