"""The graph page's list of content problems follows the interface language (issue 19): a notes vault with broken,
ambiguous and loose links, duplicate titles and an empty note, opened with ``?lang=ru``, lists every problem in
Russian under a Russian title and shows none of the English reasons; switched to English it lists them as the
CLI prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.unit.test_problems_i18n import RU_VAULT
from tests.unit.test_progress_app import make_app
from topicgraph.i18n import t
from topicgraph.loader import read_curriculum

VAULT = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "vault"


def problem_list(at: AppTest, lang: str) -> list[str]:
    """The lines of the problem box, found by its title in *lang* (seven problems)."""
    (box,) = [e for e in at.main.expander if e.label == t("curricula.problems_notes", lang, n=7)]
    return "\n".join(x.value for x in box.text).splitlines()


def test_the_graph_page_lists_the_vault_problems_in_russian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), lang="ru")
    monkeypatch.setenv("TOPICGRAPH_DATA", str(VAULT))
    at.run()
    assert not at.exception, at.exception
    shown = problem_list(at, "ru")
    assert shown == RU_VAULT
    english = [p.reason("en") for p in read_curriculum(VAULT).problems]
    text = "\n".join(shown)
    assert [reason for reason in english if reason.split(": ", 1)[-1] in text] == []  # no English reason left
    assert "no note called" not in text and "ambiguous" not in text and "duplicate title" not in text

    at.button_group(key="lang-switch").set_value("en").run()
    assert not at.exception, at.exception
    assert problem_list(at, "en") == [str(p) for p in read_curriculum(VAULT).problems]
