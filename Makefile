# Portal Kinerja ASN. `make run` and `make test` set up everything they need from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
PO := $(wildcard translations/*/LC_MESSAGES/*.po plugins/*/translations/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

.PHONY: run test test-sqlite test-postgres bench setup translations extract update-translations lint clean

setup: $(STAMP) translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

translations: $(MO)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

run: setup
	$(FLASK) db upgrade heads
	$(FLASK) workflows seed
	$(FLASK) demo
	@# The job worker (exports, e-mails) runs beside the dev server and stops with it.
	$(FLASK) jobs worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(FLASK) dev --host 127.0.0.1 --port $(PORT)

# Tests run in parallel workers (pytest-xdist), one test file per worker at a time so that a
# file's module fixtures (a live server, a plugin's app) are built once.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

test: setup
	$(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		KINERJA_TEST_ON_POSTGRES=1 $(PYTEST) -m "not e2e"; \
	fi

bench: setup
	$(BIN)/python bench/run.py

extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _ -o translations/messages.pot .
	@for p in plugins/*/; do if [ -f $$p/babel.cfg ]; then \
		$(BIN)/pybabel extract -F $$p/babel.cfg -k _l -k _ -o $$p/translations/messages.pot $$p; fi; done

update-translations: extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages -l id --no-fuzzy-matching
	@for p in plugins/*/; do if [ -f $$p/translations/messages.pot ]; then \
		$(BIN)/pybabel update -i $$p/translations/messages.pot -d $$p/translations -l id --no-fuzzy-matching; fi; done

lint: $(STAMP)
	$(BIN)/ruff check app tests plugins bench

clean:
	rm -rf $(VENV) .pytest_cache
	find translations -name '*.mo' -delete
