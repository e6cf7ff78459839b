"""Share / export on the graph page: every download is the current filtered view."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from tests.conftest import FIXTURE
from tests.e2e.helpers import open_app
from tests.e2e.server import Server
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters, matching_slugs


def download(page: Any, label: str, tmp_path: Path) -> tuple[str, str]:
    """Open the Share / export menu, click *label*, return (file name, text)."""
    menu = page.get_by_role("button", name="Share / export")
    if menu.get_attribute("aria-expanded") != "true":
        menu.click()
    button = page.get_by_role("button", name=label)
    button.wait_for()
    with page.expect_download(timeout=30_000) as info:
        button.click()
    file = tmp_path / info.value.suggested_filename
    info.value.save_as(file)
    return info.value.suggested_filename, file.read_text(encoding="utf-8")


def test_downloads_are_the_filtered_view(server: Server, page: Any, tmp_path: Path) -> None:
    view = Filters(themes=("databases", "ai-engineering"), difficulties=("easy", "medium"))
    expected = matching_slugs(read_curriculum(FIXTURE), view)
    open_app(page, f"{server.url}/?theme=databases,ai-engineering&difficulty=easy,medium&mode=hide")

    name, text = download(page, "Catalog (CSV)", tmp_path)
    assert name == "system-design-space-databases+ai-engineering-easy+medium.csv"
    assert set(pd.read_csv(io.StringIO(text))["slug"]) == expected

    name, text = download(page, "Graph (JSON)", tmp_path)
    assert {n["id"] for n in json.loads(text)["nodes"]} == expected

    _, text = download(page, "Graph (GraphML)", tmp_path)
    assert set(nx.parse_graphml(text).nodes) == expected

    name, text = download(page, "Interactive page (HTML)", tmp_path)
    assert name.endswith(".html") and "http" not in text
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", text).group(1))  # type: ignore[union-attr]
    assert len(nodes) == len(expected)

