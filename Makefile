# Set-up is idempotent: each venv is (re)built only when its recipe's inputs change.
SHELL := /bin/bash
PYTHON311 ?= python3.11
# Rasa 3.6 runs on Python 3.10 only: pyenv's 3.10 when present, else python3.10 on PATH.
PYTHON310 ?= $(shell PYENV_VERSION=3.10.13 pyenv which python3.10 2>/dev/null || command -v python3.10)
RASA_VERSION := 3.6.21
# Rasa 3.6 calls AsyncServer.enter_room without awaiting it; from python-socketio 5.10 that is a coroutine, so
# a persistent socket.io session (the widget's) never joins its room and hears no answer. 5.9 is the last
# release where it is a plain call.
SOCKETIO_VERSION := 5.9.0
# Rasa checks every action server reply against its event schema with jsonschema.validate, which re-checks the
# schema itself on each call: 20.6 ms per custom action with jsonschema 4.17, 3.0 ms with 3.2, which Rasa 3.6
# accepts (`.venv-rasa/bin/python benchmarks/rasa_action_reply.py`). The launcher's bot/rasa_server.py also
# builds the validator once; this pin serves `rasa run` started by hand too.
JSONSCHEMA_VERSION := 3.2.0
# bot/rasa_action_calls.py encodes the tracker Rasa sends with every custom action call with orjson.
ORJSON_VERSION := 3.13.0
VENV := .venv
RASA_VENV := .venv-rasa
RASA_STAMP := $(RASA_VENV)/.installed-$(RASA_VERSION)-socketio-$(SOCKETIO_VERSION)-jsonschema-$(JSONSCHEMA_VERSION)-orjson-$(ORJSON_VERSION)
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
RASA_PROJECT := config.yml domain.yml $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)
# The chat widget's npm packages (rasa-webchat, React), pinned by package-lock.json.
WIDGET := bot/web/widget
WIDGET_STAMP := $(WIDGET)/node_modules/.installed
# Browser tests drive Debian's Chromium (a browser download at install time fails on closed networks).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Production mode's balancer, from Debian's packages.
NGINX := /usr/sbin/nginx
# `make run-production` on this machine's own PostgreSQL and Redis unless the environment says otherwise.
OUTFITTER_DATABASE_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/outfitter
OUTFITTER_REDIS_URL ?= redis://127.0.0.1:6379/0
RASA_SERVERS ?= 2
ACTION_SERVERS ?= 2

.PHONY: run run-production production-setup soak test test-py test-rasa bench lint setup train clean-model

setup: $(VENV)/.installed $(RASA_STAMP) $(WIDGET_STAMP)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON311) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: the CPU build on this image, so nothing pulls CUDA packages.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

$(RASA_STAMP):
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: set PYTHON310=/path/to/python3.10"; exit 1; }
	test -x $(RASA_VENV)/bin/python || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install -q --upgrade pip
	$(RASA_VENV)/bin/python -m pip install -q rasa==$(RASA_VERSION) python-socketio==$(SOCKETIO_VERSION) \
		jsonschema==$(JSONSCHEMA_VERSION) orjson==$(ORJSON_VERSION)
	touch $@

$(WIDGET_STAMP): $(WIDGET)/package.json $(WIDGET)/package-lock.json
	cd $(WIDGET) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get install -y -q chromium || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

$(NGINX):
	$(SUDO) apt-get install -y -q nginx-light || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nginx-light; }

production-setup: setup $(NGINX)

models/.trained: $(RASA_STAMP) $(VENV)/.installed $(RASA_PROJECT)
	$(VENV)/bin/outfitter train
	touch $@

train: models/.trained

run: setup models/.trained
	# run trains again when the shop's catalog brought words the model was not trained on
	$(VENV)/bin/outfitter run

run-production: production-setup models/.trained
	OUTFITTER_DATABASE_URL=$(OUTFITTER_DATABASE_URL) OUTFITTER_REDIS_URL=$(OUTFITTER_REDIS_URL) \
		$(VENV)/bin/outfitter run --production --rasa $(RASA_SERVERS) --actions $(ACTION_SERVERS)

# The long load and fault suite: production mode under 20 conversations for 5 minutes, each fault at length.
soak: production-setup models/.trained
	OUTFITTER_SOAK=1 $(PY) -m pytest tests/production
	$(PY) benchmarks/load.py --pairs 1 2 --conversations 20 --duration 300

test: setup models/.trained $(CHROMIUM) $(NGINX)
	$(PY) -m ruff check .
	$(RASA) data validate --fail-on-warnings
	$(RASA) test core --stories tests/test_stories.yml --model models --fail-on-prediction-errors --out var/rasa-test
	$(RASA) test core --stories tests/test_stories_support.yml --model models --fail-on-prediction-errors --out var/rasa-test-support
	$(PY) -m pytest

bench: production-setup models/.trained
	$(PY) benchmarks/catalog.py
	$(PY) benchmarks/segments.py
	$(PY) benchmarks/ranking.py
	$(PY) benchmarks/nlu_report.py
	$(PY) benchmarks/bot_turns.py
	$(PY) benchmarks/web.py
	$(PY) benchmarks/suggest_speed.py
	$(PY) benchmarks/load.py --pairs 1 2
	$(RASA_VENV)/bin/python benchmarks/rasa_action_reply.py
	$(RASA_VENV)/bin/python benchmarks/rasa_turn_parts.py

lint: $(VENV)/.installed
	$(PY) -m ruff check .
