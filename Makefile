# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test assets chromium postgres haproxy team-demo lint unit e2e bench stress screenshots clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# vis-network comes from the installed pyvis, never from a CDN and never from git.
assets: $(VENV)/.runtime
	$(PY) -m components.assets

run: assets
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

chromium:
	@if [ -x $(CHROMIUM) ]; then exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need $(CHROMIUM). Install it with: sudo apt-get install chromium"; exit 1; \
	fi

# PostgreSQL is only needed by the tests (the team back end) and by people who configure it.
postgres:
	@if command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian postgresql for the progress-store tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "The progress-store tests need PostgreSQL. Install it with: sudo apt-get install postgresql"; exit 1; \
	fi

# haproxy: the team deployment's load balancer, for `make team-demo` and its browser test.
haproxy:
	@if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian haproxy for the team deployment"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	else \
		echo "The team deployment needs haproxy. Install it with: sudo apt-get install haproxy"; exit 1; \
	fi

# The team topology on loopback, without Docker: haproxy + two replicas + PostgreSQL + an OIDC provider.
TEAM_PORT ?= 8600
team-demo: $(VENV)/.dev assets postgres haproxy
	$(PY) deploy/team_demo.py --port $(TEAM_PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check topicgraph components pages app.py tests bench deploy
	$(VENV)/bin/mypy

test: $(VENV)/.dev assets chromium postgres haproxy lint
	$(PY) -m pytest

unit: $(VENV)/.dev postgres
	$(PY) -m pytest tests/unit topicgraph components

e2e: $(VENV)/.dev assets chromium postgres haproxy
	$(PY) -m pytest tests/e2e

# Rewrites docs/screenshot*.png from the browser tests.
screenshots: $(VENV)/.dev assets chromium
	TOPICGRAPH_UPDATE_DOCS=1 $(PY) -m pytest tests/e2e -k "screenshot or dark_theme_renders or theme_overview"

# SIZES="213 1000 5000 20000" measures synthetic curricula of those sizes too (213 = bundled);
# AGAINST=<git ref> measures that commit too, interleaved in the same runs (a side-by-side baseline).
SIZES ?= 213
bench: $(VENV)/.dev assets chromium
	$(PY) -m bench --sizes "$(SIZES)" $(if $(AGAINST),--against $(AGAINST))
	$(PY) -m bench.planner --sizes "213 5000" --runs 7

# The study planner alone: a goal set of the whole curriculum at 213 and 5,000 chapters (median of 7 runs).
bench-planner: $(VENV)/.dev
	$(PY) -m bench.planner --sizes "213 5000" --runs 7

# N browser sessions clicking and filtering against one server: p50/p95 and server errors.
SESSIONS ?= 8
stress: $(VENV)/.dev assets chromium
	$(PY) -m tests.stress --sessions $(SESSIONS)

clean:
	rm -rf $(VENV) static/vendor test-results
