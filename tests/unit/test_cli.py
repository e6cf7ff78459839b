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
