from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE, ROOT


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "topicgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_validate_clean_content() -> None:
    result = cli("validate", str(FIXTURE))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("12 chapters, 4 themes, 18 links")
    assert "0 problems" in result.stdout


def test_validate_reports_every_problem_and_fails(content: Path) -> None:
    (content / "chapters" / "redis-architecture.md").write_text("---\ntitle: [\n---\nbody\n")
    (content / "chapters" / "qdrant-overview.md").write_text(
        (content / "chapters" / "qdrant-overview.md").read_text().replace("difficulty: medium", "difficulty: mid"))
    result = cli("validate", str(content))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("10 chapters, 4 themes")
    assert any(line.endswith("qdrant-overview.md:4: difficulty: 'mid' is not one of easy, medium, hard, expert")
               for line in lines)
    assert any("redis-architecture.md:3: front matter: unreadable YAML" in line for line in lines)
    # chapters linking to the broken ones are told why the link is gone
    assert any("links to 'redis-architecture', which was left out" in line for line in lines)


def test_help_documents_every_command() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("validate", "stats", "export", "layout"):
        assert command in result.stdout


def test_stats_and_export() -> None:
    stats = json.loads(cli("stats", "--json", str(FIXTURE)).stdout)
    assert stats["summary"]["chapters"] == 12 and stats["summary"]["problems"] == 0
    graph = json.loads(cli("export", str(FIXTURE)).stdout)
    assert len(graph["nodes"]) == 12 and len(graph["links"]) == 18
    assert "<graphml" in cli("export", "--format", "graphml", str(FIXTURE)).stdout


def test_export_filters_and_formats(tmp_path: Path) -> None:
    import io

    import pandas as pd

    graph = json.loads(cli("export", "--theme", "databases,ai-engineering", "--difficulty", "easy,medium",
                           str(FIXTURE)).stdout)
    slugs = {n["id"] for n in graph["nodes"]}
    assert slugs and all(n["difficulty"] in ("easy", "medium") for n in graph["nodes"])
    assert all({"databases", "ai-engineering"} & set(n["themes"]) for n in graph["nodes"])
    assert all(link["source"] in slugs and link["target"] in slugs for link in graph["links"])
    table = pd.read_csv(io.StringIO(cli("export", "--format", "csv", "--type", "case-study", str(FIXTURE)).stdout))
    assert list(table["type"]) == ["case-study"]
    assert "<graphml" in cli("export", "--format", "graphml", "--theme", "databases", str(FIXTURE)).stdout
    out = tmp_path / "view.html"
    result = cli("export", "--format", "html", "--theme", "ml-engineering", "-o", str(out), str(FIXTURE))
    assert result.returncode == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert "new vis.Network" in page and "http" not in page and "(theme: ML Engineering)" in page


def test_export_rejects_unknown_filter_values() -> None:
    result = cli("export", "--theme", "databasez", "--difficulty", "mid", str(FIXTURE))
    assert result.returncode == 2 and result.stdout == ""
    assert "error: Unknown theme 'databasez'" in result.stderr and "error: Unknown difficulty 'mid'" in result.stderr
    assert "databases" in result.stderr  # the valid themes are listed
