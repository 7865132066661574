# Curvature: build the book and run the tests.
#
#   make book    create .venv if missing, install requirements-dev.txt, build the HTML book
#                (strict: warnings are errors; notebooks executed with the cache)
#   make test    the whole test suite: ruff, then pytest over tests/ (it makes a fresh reader
#                environment from requirements.txt alone, builds the book strictly with every
#                notebook executed once in that environment's kernel, and runs the browser
#                tests on the built book and in JupyterLab; then builds the PDF from the same
#                execution cache and checks it: tests/test_pdf.py)
#   make pdf     build the PDF edition into _build/latex/curvature.pdf (strict like make book,
#                and also failing on xelatex's "Missing character"); installs Debian's TeX as root
#   make lab     open the notebooks in JupyterLab, in the reader's environment (.venv-reader:
#                requirements.txt, the set Binder installs)
#   make check   the fast loop: ruff and the library's unit tests in a small environment of
#                their own (.venv-check: the library without extras, pytest, hypothesis)
#
# Third-party assets come from their registries by name, never from a CDN at read time:
# Python packages from PyPI (pinned in requirements*.txt), the widget JavaScript from the npm
# registry (into the git-ignored _vendor/), Chromium from Debian (only for the browser tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
VENDOR := _vendor
VENDOR_STAMP := $(VENDOR)/.installed
CHROMIUM := /usr/bin/chromium
# npm packages served to the widget pages (nb_ipywidgets_js in _config.yml points at them).
NPM_PACKAGES := requirejs@2.3.7 @jupyter-widgets/html-manager@1.0.6
# npm packages the browser tests inject (never served by the book): the accessibility engine.
# They go into a dot-folder of _vendor/, which Sphinx does not copy into the build.
NPM_TEST_PACKAGES := axe-core@4.14.1
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: book pdf test check lab venv vendor browser-deps pdf-deps clean help

help:
	@echo "make book    build the HTML book into _build/html (strict)"
	@echo "make pdf     build the PDF edition into _build/latex/curvature.pdf (strict)"
	@echo "make test    run the whole test suite (ruff + pytest)"
	@echo "make lab     open the notebooks in JupyterLab (installs the reader's environment)"
	@echo "make check   ruff + the library's unit tests, in their own small environment"
	@echo "make clean   remove _build/ and _vendor/ (keeps .venv)"

venv: $(STAMP)

# Reinstall only when a requirements file (or pyproject.toml) changed since the last install.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: $(PYTHON) is older than 3.11; run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
	@if [ ! -x $(BIN)/python ]; then \
	  echo "Creating $(VENV) with $(PYTHON)"; \
	  $(PYTHON) -m venv $(VENV) || { \
	    if [ "$(IS_ROOT)" = yes ]; then \
	      apt-get update && apt-get install -y python3-venv && rm -rf $(VENV) && \
	      $(PYTHON) -m venv $(VENV); \
	    else \
	      echo "error: '$(PYTHON) -m venv' failed: install Debian's python3-venv" \
	        "(sudo apt-get install -y python3-venv) and run make again" >&2; exit 1; \
	    fi; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

vendor: $(VENDOR_STAMP)

# The widget manager and require.js, fetched from the npm registry by package name.
$(VENDOR_STAMP): Makefile
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    apt-get update && apt-get install -y npm; \
	  else \
	    echo "error: npm is needed to fetch the widget JavaScript: install Debian's npm" \
	      "(sudo apt-get install -y npm) and run make again" >&2; exit 1; \
	  fi; }
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/.packs $(VENDOR)/requirejs $(VENDOR)/html-manager
	cd $(VENDOR)/.packs && npm pack --silent --ignore-scripts $(NPM_PACKAGES) \
	  $(NPM_TEST_PACKAGES) >/dev/null
	tar -xzf $(VENDOR)/.packs/requirejs-*.tgz -C $(VENDOR)/requirejs --strip-components=1 \
	  package/require.js package/package.json
	tar -xzf $(VENDOR)/.packs/jupyter-widgets-html-manager-*.tgz -C $(VENDOR)/html-manager \
	  --strip-components=1 --wildcards package/package.json package/LICENSE \
	  package/dist/embed-amd.js 'package/dist/*.woff*' 'package/dist/*.ttf' \
	  'package/dist/*.eot' 'package/dist/*.svg'
	mkdir -p $(VENDOR)/.axe-core
	tar -xzf $(VENDOR)/.packs/axe-core-*.tgz -C $(VENDOR)/.axe-core --strip-components=1 \
	  package/axe.min.js package/package.json package/LICENSE
	rm -rf $(VENDOR)/.packs
	@test -s $(VENDOR)/requirejs/require.js && test -s $(VENDOR)/html-manager/dist/embed-amd.js
	@test -s $(VENDOR)/.axe-core/axe.min.js
	@touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    apt-get update && apt-get install -y chromium; \
	  else \
	    echo "error: the browser tests need Chromium at $(CHROMIUM): install Debian's package" \
	      "(sudo apt-get install -y chromium) and run make test again" >&2; exit 1; \
	  fi; \
	fi

# Debian's TeX for the PDF edition (make pdf, and the PDF test in make test): xelatex, latexmk,
# Sphinx's LaTeX packages and fonts (FreeSerif; DejaVu Sans Mono for code), xeCJK with Noto CJK for the glossary's Chinese,
# rsvg-convert for the demo pictures (SVG), pdftotext/pdftoppm for the test.
TEX_PACKAGES := texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended \
  fonts-freefont-otf fonts-dejavu-core texlive-lang-chinese fonts-noto-cjk librsvg2-bin \
  poppler-utils
TEX_READY := command -v xelatex && command -v latexmk && command -v rsvg-convert && \
  command -v pdftotext && command -v pdftoppm && kpsewhich xeCJK.sty && \
  fc-list -q "Noto Serif CJK SC" && fc-list -q FreeSerif && fc-list -q "DejaVu Sans Mono"
pdf-deps:
	@if ! { $(TEX_READY); } >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    apt-get update && apt-get install -y --no-install-recommends $(TEX_PACKAGES); \
	  else \
	    echo "error: the PDF edition needs TeX: install Debian's packages" \
	      "(sudo apt-get install -y --no-install-recommends $(TEX_PACKAGES))" \
	      "and run make again" >&2; exit 1; \
	  fi; \
	fi

# LaTeX stops at its first error instead of waiting for input; the log is then read for
# characters the fonts lack (xelatex only warns about those).
pdf: $(STAMP) pdf-deps
	@# _config.yml's html_static_path names _vendor (the widget JavaScript, HTML only): an empty
	@# folder keeps Sphinx from warning about it without fetching anything for the PDF
	@mkdir -p $(VENDOR)
	LATEXOPTS="-interaction=nonstopmode -halt-on-error" \
	  $(BIN)/jupyter-book build . --builder pdflatex -W --keep-going
	$(BIN)/python tests/pdf_build.py _build/latex/curvature.log
	@echo
	@echo "The PDF: $(CURDIR)/_build/latex/curvature.pdf (make book now links it)"

book: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/jupyter-book build . -W --keep-going
	@echo
	@echo "The book: $(CURDIR)/_build/html/index.html"

test: $(STAMP) $(VENDOR_STAMP) browser-deps pdf-deps
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/pytest -n 2 --dist loadfile -v -r fE --durations=25 tests

# make lab: the reader's environment, exactly what Binder installs (requirements.txt: the
# runtime packages, the library, JupyterLab and jupyterlab-myst), then JupyterLab on the book.
READER_VENV := .venv-reader
READER_STAMP := $(READER_VENV)/.requirements-installed
LAB_FLAGS := --ServerApp.root_dir=$(CURDIR) --LabApp.news_url=None \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  $(if $(IS_ROOT),--allow-root)

$(READER_STAMP): requirements.txt pyproject.toml _ext/jupyterlab-overrides.json
	@[ -x $(READER_VENV)/bin/python ] || $(PYTHON) -m venv $(READER_VENV)
	$(READER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(READER_VENV)/bin/python -m pip install --quiet -r requirements.txt
	mkdir -p $(READER_VENV)/share/jupyter/lab/settings
	cp _ext/jupyterlab-overrides.json $(READER_VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

lab: $(READER_STAMP)
	$(READER_VENV)/bin/jupyter lab $(LAB_FLAGS) chapters/01_taylor.ipynb

# make check: the tests of the library itself, without the book toolchain, the notebooks, the
# grading commands, the demos (ipywidgets is an extra) or a browser; those run in make test.
CHECK_VENV := .venv-check
CHECK_STAMP := $(CHECK_VENV)/.requirements-installed
CHECK_IGNORE := tests/browser tests/test_book_build.py tests/test_repository.py \
  tests/test_notebooks_clean.py tests/test_requirements.py tests/test_exercise_notebooks.py \
  tests/test_grade.py tests/test_svgplot.py tests/test_api_page.py tests/test_pdf.py
CHECK_IGNORE_GLOB := tests/test_widgets* tests/test_autograder* tests/test_release*
# a library test file's one test that reads the book theme's colours (pydata-sphinx-theme)
CHECK_DESELECT := tests/test_exercises.py::test_feedback_colours_are_legible_in_light_and_dark_themes

$(CHECK_STAMP): requirements-check.txt pyproject.toml
	@[ -x $(CHECK_VENV)/bin/python ] || $(PYTHON) -m venv $(CHECK_VENV)
	$(CHECK_VENV)/bin/python -m pip install --quiet -r requirements-check.txt
	@touch $@

check: $(CHECK_STAMP)
	$(CHECK_VENV)/bin/ruff check lib tests benchmarks
	$(CHECK_VENV)/bin/pytest -n 2 --dist loadfile -q -p no:cacheprovider -r fE \
	  $(addprefix --ignore=,$(CHECK_IGNORE)) $(addprefix --ignore-glob=,$(CHECK_IGNORE_GLOB)) \
	  $(addprefix --deselect=,$(CHECK_DESELECT)) tests

clean:
	rm -rf _build $(VENDOR)
