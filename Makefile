# Konstruktor — the README's commands. Everything installs into .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := konstruktor.settings

.PHONY: install run test lint bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo

run: demo
	@echo "Конструктор: http://$(HOST):$(PORT)/  (вход — логины выше)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@if command -v chromium >/dev/null 2>&1; then echo "Браузерные тесты: chromium найден ($$(command -v chromium))."; \
	else echo "Браузерные тесты ПРОПУЩЕНЫ: chromium не установлен (apt-get install chromium)."; fi
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check konstruktor tests bench
	$(VENV)/bin/ruff format --check konstruktor tests bench
	DEBUG=1 $(VENV)/bin/mypy konstruktor
	$(VENV)/bin/lint-imports

bench: install
	DEBUG=1 $(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3* var/cache
