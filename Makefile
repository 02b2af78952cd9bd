# Every target sets up what it needs: a virtual environment in .venv with the
# package and its extras. TeX for the PDF comes from the system (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEX_PACKAGES := latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended fonts-freefont-otf texlive-lang-cjk texlive-lang-chinese \
	fonts-noto-cjk poppler-utils
# tox finds Python 3.11 to 3.13 on PATH; pyenv's shims alone do not expose them.
PYENV_PATH = $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[123]*/bin 2>/dev/null | tr '\n' ':')
TOX_FLAGS := $(if $(filter true 1 yes,$(CI)),--skip-missing-interpreters false,)

.PHONY: site test live bench lint catalogs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[docs,test,lint,visual]' tox
	touch $@

## site: build the example newsletter: its PDFs where TeX is installed (a book, one per
## issue, one of 2017), then the site, which links each issue's and the year's PDF
site: $(VENV)/.installed
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null; then \
		MAKEFLAGS=-j2 $(BIN)/sphinx-build -M latexpdf docs docs/_build -E -nW --keep-going -q && \
		echo "PDF: docs/_build/latex/sphinxcontrib-bpfnews.pdf, one per issue (bpf-updates-11.pdf ... bpf-updates-14.pdf) and one of 2017 (sphinxcontrib-bpfnews-2017.pdf)"; \
	else \
		echo "No TeX here, so no PDF. To get it: sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; \
	fi
	$(BIN)/sphinx-build -E -nW --keep-going -b html docs docs/_build/html
	@echo "Site: docs/_build/html/index.html"

## test: run the test suite on every supported Python and Sphinx, lint and docs
test: $(VENV)/.installed
	PATH="$(PYENV_PATH)$$PATH" $(BIN)/tox run-parallel -p 2 --parallel-no-spinner $(TOX_FLAGS)

## live: a live preview of the docs on http://127.0.0.1:8000
live: $(VENV)/.installed
	$(BIN)/sphinx-autobuild docs docs/_build/live --host 127.0.0.1 --port 8000

## bench: measure builds of 100, 200 and 500 issues, median of 3; writes docs/benchmarks.md (about an hour)
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --json benchmarks/results.json --notes benchmarks/notes.md

## catalogs: the messages of labels.py into the template, each language's .po, the .mo
# Babel (a Sphinx dependency) extracts, merges and compiles; the .mo files are
# committed with their .po, and tests/test_i18n.py checks that they agree.
LOCALE := sphinxcontrib_bpfnews/locale
CATALOG := sphinxcontrib-bpfnews
catalogs: $(VENV)/.installed
	$(BIN)/pybabel -q extract --no-location --add-comments=TRANSLATORS: \
		--project=sphinxcontrib-bpfnews --copyright-holder="sphinxcontrib-bpfnews developers" \
		--version=$$($(BIN)/python -c 'import sphinxcontrib_bpfnews as m; print(m.__version__)') \
		-o $(LOCALE)/$(CATALOG).pot sphinxcontrib_bpfnews/extension/labels.py
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete \
		-i $(LOCALE)/$(CATALOG).pot -d $(LOCALE) -D $(CATALOG)
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D $(CATALOG)

lint: $(VENV)/.installed
	$(BIN)/ruff check sphinxcontrib_bpfnews tests benchmarks docs/conf.py
	$(BIN)/ruff format --check sphinxcontrib_bpfnews tests benchmarks docs/conf.py
	$(BIN)/mypy

clean:
	rm -rf docs/_build .tox
