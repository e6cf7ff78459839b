"""One fixture set for unit, app and browser tests: ``tests/fixtures/content``."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

# `validate` speaks Russian by default when $LANG is Russian: the tests expect English unless they set it.
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "content"
BUNDLED = ROOT / "data"

VALID_FRONT = """\
title: "A Valid Chapter"
themes: [databases]
difficulty: medium
type: original
updated: 2026-03-01T10:00:00
summary: "One line."
context:
  chapter: data-storage-overview
  label: Context
  why: "Start there."
next: [redis-architecture]
"""


def chapter_text(front: str = VALID_FRONT, body: str = "## Body\n\nText.\n") -> str:
    return "---\n" + textwrap.dedent(front) + "---\n" + body


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private, writable copy of the fixture curriculum."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The whole app (frame + pages) in Streamlit's AppTest, on the shared fixture curriculum."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TOPICGRAPH_DATA", str(FIXTURE))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


BILINGUAL_OVERLAY = ROOT / "tests" / "fixtures" / "content-ru"


def make_bilingual(target: Path) -> Path:
    """The fixture curriculum with its Russian texts (tests/fixtures/content-ru) in *target*."""
    shutil.copytree(FIXTURE, target)
    shutil.copytree(BILINGUAL_OVERLAY / "chapters", target / "chapters", dirs_exist_ok=True)
    shutil.copy(BILINGUAL_OVERLAY / "themes.ru.yaml", target / "themes.ru.yaml")
    return target


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    """A private copy of the fixture curriculum with four chapters and every theme in Russian."""
    return make_bilingual(tmp_path / "bilingual")
