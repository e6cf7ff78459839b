"""AppTest fixtures shared by the app suites."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE, ROOT


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The whole app (frame + pages) on the shared fixture curriculum."""
    monkeypatch.setenv("TOPICGRAPH_DATA", str(FIXTURE))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
