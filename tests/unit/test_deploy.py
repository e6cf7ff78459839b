"""deploy/: haproxy itself checks the configuration both topologies use; the compose file and the Dockerfile say
what the README promises (two replicas on one database and one secrets file, a health check on
/_stcore/health that the app answers)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

from deploy.team_demo import haproxy_binary
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_haproxy_accepts_the_configuration(tmp_path: Path) -> None:
    env = {**os.environ, "TG_BIND": "127.0.0.1:8600", "TG_REPLICA_A": "127.0.0.1:8601",
           "TG_REPLICA_B": "127.0.0.1:8602"}
    r = subprocess.run([haproxy_binary(), "-c", "-f", str(DEPLOY / "haproxy.cfg")], env=env, capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 0, r.stdout + r.stderr
    cfg = (DEPLOY / "haproxy.cfg").read_text()
    assert "cookie TGREPLICA insert" in cfg and "option httpchk GET /_stcore/health" in cfg
    assert re.search(r"server a .* check cookie a", cfg) and re.search(r"server b .* check cookie b", cfg)


def test_compose_runs_two_replicas_on_one_database_and_one_secrets_file() -> None:
    doc = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = doc["services"]
    assert {"db", "app-a", "app-b", "proxy"} <= set(services)
    a, b = services["app-a"], services["app-b"]
    assert a == b  # the same image, database URL and secrets (one cookie_secret)
    assert "./secrets.toml:/app/.streamlit/secrets.toml:ro" in a["volumes"]
    assert a["environment"]["TOPICGRAPH_DB"].startswith("postgresql+psycopg://") and "@db:5432/" in \
        a["environment"]["TOPICGRAPH_DB"]
    proxy = services["proxy"]
    assert proxy["environment"]["TG_REPLICA_A"] == "app-a:8501" and proxy["environment"]["TG_REPLICA_B"] == "app-b:8501"
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    assert {k: v["condition"] for k, v in proxy["depends_on"].items()} == {"app-a": "service_healthy",
                                                                            "app-b": "service_healthy"}


def test_dockerfile_health_check_and_command() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^HEALTHCHECK .*\\\n\s+CMD .*/_stcore/health", text, re.M)
    assert 'CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]' in text
    assert "pip install -r requirements.txt" in text and "python -m components.assets" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "deploy/secrets.toml", ".streamlit/secrets.toml"} <= set(ignored)
