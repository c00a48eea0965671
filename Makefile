# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test run lint format check eval eval-teach bench bench-handoff bench-broadcast bench-backup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## the bot on its bundled knowledge base in this terminal (no token, no network)
	$(PY) bot.py --console

test: $(STAMP)  ## lint, type-check, validate the knowledge base, run every test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m knowledge check
	$(PY) -m pytest -q

run: $(STAMP)  ## the real bot (needs TELEGRAM_BOT_TOKEN and COORDINATOR_CHAT_ID)
	$(PY) bot.py

check: $(STAMP)  ## validate the knowledge base
	$(PY) -m knowledge check

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

eval: $(STAMP)  ## matcher accuracy on the labelled question set
	$(PY) -m benchmarks.eval

eval-teach: $(STAMP)  ## the team teaches the misses of the seen sets: before and after, held-out too
	$(PY) -m benchmarks.teach

bench: $(STAMP)  ## matcher latency and end-to-end throughput
	$(PY) -m benchmarks.bench

bench-handoff: $(STAMP)  ## 30 tickets at once into the team's group at 20 messages/minute (~1 min)
	$(PY) -m benchmarks.handoff

bench-broadcast: $(STAMP)  ## a reminder to 10,000 subscribers at Telegram's limits, and a SIGKILL (~8 min)
	$(PY) -m benchmarks.broadcast

bench-backup: $(STAMP)  ## an online backup of 100,000 tickets while the bot writes (~1 min)
	$(PY) -m benchmarks.backup

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build *.egg-info
