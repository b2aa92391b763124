# straitmap: `make run` starts the dashboard, `make test` runs every test tier.
# Both set up everything first: .venv with pinned requirements, the package, and the
# map assets from the npm registry (pinned in package-lock.json) copied into dashboard/static/vendor.

PYTHON ?= python3
# Two malloc arenas for every process the targets start (the dashboard's server above all):
# glibc otherwise gives each script thread an arena it rarely hands back, and the soak
# benchmark's server grew 45 % over 300 reruns (0.9 % with this). dashboard/app.py also caps
# them itself when started another way, as well as it can once the server is running (12 %).
export MALLOC_ARENA_MAX = 2
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
# Debian's smallest font with Traditional Chinese glyphs (1.6 MB download, 5 MB installed).
CJK_FONT_PACKAGE ?= fonts-wqy-microhei

VENV_STAMP := $(VENV)/.straitmap-installed
NODE_STAMP := node_modules/.straitmap-installed
ASSETS_STAMP := dashboard/static/vendor/.straitmap-installed

# Translations (README "Translations"): one gettext domain for the dashboard, one for the CLI.
# The .po files are committed; their .mo files are compiled by Babel at set-up, git-ignored.
LOCALE_DIR := src/straitmap/locale
LOCALES := zh_TW
DOMAINS := dashboard cli
CLI_SOURCES := src/straitmap/cli.py $(sort $(wildcard src/straitmap/cli_*.py))
# The dashboard's domain: the app, and the library's text that reaches the screen (map layers,
# legends, popups, exports), which is every library module but the CLI's.
DASHBOARD_SOURCES := dashboard $(filter-out $(CLI_SOURCES),$(sort $(wildcard src/straitmap/*.py))) geodata/catalog.toml \
	$(sort $(wildcard geodata/*.geojson))
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/*.po))
EXTRACT_FLAGS := -F babel.cfg --add-location=file --no-wrap --sort-by-file \
	--project=straitmap --copyright-holder="straitmap contributors" -c TRANSLATORS:

.PHONY: setup run test lint format bench chromium cjk-font messages clean

setup: $(VENV_STAMP) $(ASSETS_STAMP) $(MO_FILES) cjk-font

$(VENV_STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): $(NODE_STAMP) $(VENV_STAMP) src/straitmap/assets.py scripts/install_assets.py
	$(BIN)/python scripts/install_assets.py
	touch $@

# Each compiled catalog is its own stamp: rebuilt when its .po is newer (after a pull or an edit).
$(LOCALE_DIR)/%.mo: $(LOCALE_DIR)/%.po | $(VENV_STAMP)
	$(BIN)/pybabel compile --statistics -D $(notdir $*) -i $< -o $@

# After changing wrapped strings: re-extract the templates (.pot) from the sources and merge them
# into each language's .po (new strings empty, changed ones fuzzy with the previous msgid).
# Then translate the empty and fuzzy entries, drop the fuzzy flags, and run the tests.
messages: $(VENV_STAMP)
	$(BIN)/pybabel extract $(EXTRACT_FLAGS) -o $(LOCALE_DIR)/dashboard.pot $(DASHBOARD_SOURCES)
	$(BIN)/pybabel extract $(EXTRACT_FLAGS) -o $(LOCALE_DIR)/cli.pot $(CLI_SOURCES)
	for domain in $(DOMAINS); do \
		for locale in $(LOCALES); do \
			$(BIN)/pybabel update --init-missing --no-wrap --ignore-obsolete --previous \
				-D $$domain -l $$locale -d $(LOCALE_DIR) -i $(LOCALE_DIR)/$$domain.pot || exit 1; \
		done; \
	done

run: setup
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

# Debian's chromium for the browser tests: installed when missing and apt-get is usable.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $$($(CHROMIUM) --version 2>/dev/null)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "error: the browser tests need Debian's chromium at $(CHROMIUM)."; \
		echo "       Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)"; \
		exit 1; \
	fi

# A font for the Chinese names (臺北, 海峽中線), which otherwise draw as boxes: installed when
# fontconfig knows none for Traditional Chinese and apt-get is usable; else a warning, as the
# dashboard still works (the browser tests then fail and say why).
cjk-font:
	@if fc-list :lang=zh-tw family 2>/dev/null | grep -q .; then \
		echo "cjk-font: $$(fc-list :lang=zh-tw family | head -n 1)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CJK_FONT_PACKAGE); \
	else \
		echo "warning: no font covers Traditional Chinese (fc-list :lang=zh-tw is empty), so Chinese names show as boxes."; \
		echo "         Install one with: sudo apt-get install $(CJK_FONT_PACKAGE)   (or any font covering zh-tw)"; \
	fi

test: setup chromium lint
	STRAITMAP_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

lint: $(VENV_STAMP)
	$(BIN)/ruff check src dashboard tests benchmarks geodata/build scripts
	$(BIN)/ruff format --check src dashboard tests benchmarks geodata/build scripts
	$(BIN)/mypy

format: $(VENV_STAMP)
	$(BIN)/ruff check --fix src dashboard tests benchmarks geodata/build scripts
	$(BIN)/ruff format src dashboard tests benchmarks geodata/build scripts

bench: setup chromium
	STRAITMAP_CHROMIUM=$(CHROMIUM) $(BIN)/python benchmarks/run.py
	STRAITMAP_CHROMIUM=$(CHROMIUM) $(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) node_modules dashboard/static/vendor .pytest_cache .mypy_cache .ruff_cache
	rm -f $(MO_FILES)
