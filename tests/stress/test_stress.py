"""A short load test for CI: 4 browser sessions clicking and filtering for 20 s against one server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.e2e.server import CHROMIUM

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    out = tmp_path_factory.mktemp("stress") / "stress.json"
    run = subprocess.run(
        [sys.executable, "-m", "tests.stress", "--sessions", "4", "--seconds", "20", "--json", str(out),
         "--log", str(ROOT / "test-results" / "server-stress-ci.log")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert out.exists(), run.stdout + run.stderr
    return dict(json.loads(out.read_text()))


def test_four_sessions_for_twenty_seconds_have_no_errors(result: dict[str, Any]) -> None:
    assert result["errors"] == 0 and result["server_tracebacks"] == 0, result["error_samples"]
    assert result["clicks"] >= 4 and result["filters"] >= 1, result  # the sessions got work done


@pytest.mark.xfail(strict=False, reason="Streamlit race under concurrent load: a filter switch flipped in the "
                                        "browser is sometimes put back by a rerun already under way")
def test_no_filter_switch_is_lost(result: dict[str, Any]) -> None:
    assert result["lost_switches"] == 0 and result["reverted_switches"] == 0, result
