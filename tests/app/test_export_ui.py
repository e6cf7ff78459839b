"""The Share / export menu builds files only when a download is clicked, never on a rerun."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE, ROOT


def _script() -> None:
    from components import state
    from components.export_ui import export_menu
    from topicgraph.query import Filters

    export_menu(state.load_explorer(), Filters(themes=("databases",)))


def test_reruns_build_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import components.export_ui as ui

    calls: list[str] = []
    monkeypatch.setattr(ui, "to_html", lambda *a, **k: calls.append("html") or "")
    monkeypatch.setattr(ui, "export", lambda fmt, *a, **k: calls.append(fmt) or "")
    monkeypatch.setenv("TOPICGRAPH_DATA", str(FIXTURE))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_script, default_timeout=30)
    at.run()
    at.run()
    assert not at.exception
    assert calls == []
    # what a click runs: the cached builder, once per view and format
    ui._build.cache_clear()
    content = ui._Content(at.session_state["_tg_explorer"], 1)
    from topicgraph.query import Filters

    for _ in range(3):
        ui._build(content, Filters(themes=("databases",)), "csv", False)
    assert calls == ["csv"]
