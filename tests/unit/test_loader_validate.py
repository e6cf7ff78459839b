"""`validate` warns about remote images (the app never loads them) with path:line, and keeps its format."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VALID_FRONT, chapter_text
from topicgraph.cli import main
from topicgraph.lint import content_warnings
from topicgraph.loader import read_curriculum

BODY = """## Pictures

Inline ![chart](http://example.invalid/chart.png) in a sentence.

A reference ![map][m] and a protocol-relative ![x](//cdn.example.invalid/x.png).

![inline data is fine](data:image/png;base64,iVBORw0KGgo=) and ![local](diagram.png).

[m]: https://example.invalid/map.png
"""


def test_remote_images_are_warned_with_their_lines(content: Path) -> None:
    front = VALID_FRONT.replace('"One line."', '"See ![s](https://example.invalid/s.png)"').replace(
        '"Start there."', '"![w](HTTP://example.invalid/w.png)"')
    (content / "chapters" / "x.md").write_text(chapter_text(front, BODY))
    cur = read_curriculum(content)
    assert cur.problems == () and cur.get("x") is not None  # a warning leaves nothing out
    found = [str(w).replace(f"{content}/", "") for w in content_warnings(cur)]
    assert found == [
        "chapters/x.md:7: summary: remote image 'https://example.invalid/s.png' is not loaded (the alt text is shown)",
        "chapters/x.md:11: context.why: remote image 'HTTP://example.invalid/w.png' is not loaded (the alt text is shown)",
        "chapters/x.md:16: body: remote image 'http://example.invalid/chart.png' is not loaded (the alt text is shown)",
        "chapters/x.md:18: body: remote image 'https://example.invalid/map.png' is not loaded (the alt text is shown)",
        "chapters/x.md:18: body: remote image '//cdn.example.invalid/x.png' is not loaded (the alt text is shown)",
    ]


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 1)])
def test_validate_prints_warnings_and_exits_1_only_when_strict(content: Path, capsys: pytest.CaptureFixture[str],
                                                               strict: bool, code: int) -> None:
    (content / "chapters" / "x.md").write_text(chapter_text(body="\n\n![a](http://example.invalid/a.png)\n"))
    assert main(["validate", str(content), *(["--strict"] if strict else [])]) == code
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("13 chapters, 4 themes, ")
    assert out[1] == f"{content}/chapters/x.md:16: body: warning: remote image 'http://example.invalid/a.png' is not " \
                     "loaded (the alt text is shown)"
    assert out[-1] == ("0 problems, 1 warning(s)" if not strict else out[-1])


def test_validate_exits_1_on_a_problem_and_lists_root_causes_first(content: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text().replace("  name: Databases\n", ""))
    assert main(["validate", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("9 chapters, 3 themes, ")
    assert out[1] == f"{content}/themes.yaml:7: [1].name: missing required field"
    assert all("left out" in line for line in out[2:])
