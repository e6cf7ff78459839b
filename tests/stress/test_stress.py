"""A short load test for CI: 4 browser sessions clicking and filtering for 20 s against one server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.server import CHROMIUM

pytestmark = pytest.mark.e2e


def test_four_sessions_for_twenty_seconds_have_no_errors(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    out = tmp_path / "stress.json"
    run = subprocess.run(
        [sys.executable, "-m", "tests.stress", "--sessions", "4", "--seconds", "20", "--json", str(out),
         "--log", str(ROOT / "test-results" / "server-stress-ci.log")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert out.exists(), run.stdout + run.stderr
    result = json.loads(out.read_text())
    assert result["errors"] == 0 and result["server_tracebacks"] == 0, result["error_samples"]
    assert result["clicks"] >= 4 and result["filters"] >= 1, result  # every session got work done
    assert run.returncode == 0, run.stdout
