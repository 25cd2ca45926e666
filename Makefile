# kh-extract: `make` sets up .venv and extracts corpus/ into output/;
# `make test` sets up and runs the tests. `make -j4` extracts in parallel and
# re-extracts only documents (or pipeline code) that changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

CORPUS_DIR := corpus
OUT_DIR    := output
GOLD_DIR   := $(CORPUS_DIR)/gold

INPUTS  := $(wildcard $(CORPUS_DIR)/*.txt $(CORPUS_DIR)/*.md $(CORPUS_DIR)/*.pdf)
OUTPUTS := $(patsubst $(CORPUS_DIR)/%,$(OUT_DIR)/%.json,$(basename $(INPUTS)))

# The development set: real documents as they come, scored beside the corpus.
DEV_DIR      := $(CORPUS_DIR)/dev
DEV_OUT      := $(OUT_DIR)/dev
DEV_INPUTS   := $(wildcard $(DEV_DIR)/*.txt $(DEV_DIR)/*.md)
DEV_OUTPUTS  := $(patsubst $(DEV_DIR)/%,$(DEV_OUT)/%.json,$(basename $(DEV_INPUTS)))
CODE    := $(shell find pipeline schemas -type f \( -name '*.py' -o -name '*.json' -o -name '*.tsv' -o -name '*.txt' \) 2>/dev/null)

.PHONY: all setup test eval eval-norepair bench noise-bench build-lm clean report system-deps eval-formats bench-ocr fuzz hostile
.DEFAULT_GOAL := all

all: $(OUTPUTS) report

setup: $(STAMP)

# Debian packages for OCR (Tesseract and its Vietnamese model), legacy Word
# (antiword), the fixture font (DejaVu) and pdftotext for the format bench
# (poppler-utils): installed when missing, as root with
# apt-get; elsewhere a loud message with the install line (OCR tests then skip).
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie antiword fonts-dejavu-core poppler-utils

system-deps:
	@command -v dpkg >/dev/null 2>&1 || { echo "!!! not a Debian system: install Tesseract with its Vietnamese model and antiword yourself (OCR tests will skip)"; exit 0; }; \
	 missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	 if [ -z "$$missing" ]; then exit 0; fi; \
	 if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	   echo "installing Debian packages:$$missing"; \
	   { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	   || echo "!!! could not install$$missing; OCR and .doc tests will SKIP. Install with: apt-get install -y$$missing"; \
	 else \
	   echo "!!! missing Debian packages:$$missing; OCR and .doc tests will SKIP. Install with: sudo apt-get install -y$$missing"; \
	 fi

# Debian's Chromium and its driver, for the browser test of the review pages
# (tests/test_browser.py): installed by `make test` when missing, as root with
# apt-get; elsewhere a loud message with the install line (that test then skips).
# After system-deps, so two apt-get runs never wait on each other's lock.
BROWSER_PACKAGES := chromium chromium-driver
.PHONY: browser-deps review tables

browser-deps: | system-deps
	@command -v dpkg >/dev/null 2>&1 || { echo "!!! not a Debian system: install Chromium and ChromeDriver yourself (the browser test will SKIP)"; exit 0; }; \
	 missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	 if [ -z "$$missing" ]; then exit 0; fi; \
	 if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	   echo "installing Debian packages:$$missing"; \
	   { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	   || echo "!!! could not install$$missing; the browser test will SKIP. Install with: apt-get install -y$$missing"; \
	 else \
	   echo "!!! missing Debian packages:$$missing; the browser test will SKIP. Install with: sudo apt-get install -y$$missing"; \
	 fi

# Review pages (output/review/index.html) and corpus tables (output/tables/) of the extracted corpus.
review: $(OUTPUTS) $(DEV_OUTPUTS)
	$(PY) -m pipeline review $(OUT_DIR) -o $(OUT_DIR)/review --inputs $(CORPUS_DIR)

tables: $(OUTPUTS) $(DEV_OUTPUTS)
	$(PY) -m pipeline tables $(OUT_DIR) -o $(OUT_DIR)/tables --format csv --bom

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# One document per rule, so make -jN runs documents in parallel. A document that
# fails leaves output/<name>.error.json and does not stop the others; `report`
# lists failures at the end and fails the build when there are any. make decides
# what is out of date, so each rule runs with --force (no skip-done).
$(OUT_DIR)/%.json: $(CORPUS_DIR)/%.txt $(STAMP) $(CODE)
	@$(PY) -m pipeline $< -o $(OUT_DIR) -q --force 2>&1 | grep -v '^kh-extract: 1 written' || true
$(OUT_DIR)/%.json: $(CORPUS_DIR)/%.md $(STAMP) $(CODE)
	@$(PY) -m pipeline $< -o $(OUT_DIR) -q --force 2>&1 | grep -v '^kh-extract: 1 written' || true
$(OUT_DIR)/%.json: $(CORPUS_DIR)/%.pdf $(STAMP) $(CODE)
	@$(PY) -m pipeline $< -o $(OUT_DIR) -q --force 2>&1 | grep -v '^kh-extract: 1 written' || true

$(DEV_OUT)/%.json: $(DEV_DIR)/%.txt $(STAMP) $(CODE)
	@$(PY) -m pipeline $< -o $(DEV_OUT) -q --force 2>&1 | grep -v '^kh-extract: 1 written' || true
$(DEV_OUT)/%.json: $(DEV_DIR)/%.md $(STAMP) $(CODE)
	@$(PY) -m pipeline $< -o $(DEV_OUT) -q --force 2>&1 | grep -v '^kh-extract: 1 written' || true

report: $(OUTPUTS)
	@ok=$$(ls $(OUT_DIR)/*.json 2>/dev/null | grep -vc '\.error\.json$$'); \
	 bad=$$(ls $(OUT_DIR)/*.error.json 2>/dev/null | wc -l); \
	 echo "output/: $$ok documents written, $$bad failed"; \
	 if [ "$$bad" -gt 0 ]; then ls $(OUT_DIR)/*.error.json; exit 1; fi

test: $(STAMP) | system-deps browser-deps
	$(PY) -m pytest -q -rs

# The wild texts (no plans): written and failed counts, and how many were judged
# a plan or carry budgets or targets, naming them (bench/wild.py).
.PHONY: wild
wild: $(STAMP)
	$(PY) bench/wild.py $(WILD_DIR) -j 2

# Scores the corpus and the development set, a table for each.
eval: $(OUTPUTS) $(DEV_OUTPUTS)
	@echo "== corpus/ (5 seed documents) =="
	@$(PY) -m pipeline.evaluate $(OUT_DIR) $(GOLD_DIR)
	@echo
	@echo "== corpus/dev/ (19 real documents) =="
	@$(PY) -m pipeline.evaluate $(DEV_OUT) $(DEV_DIR)/gold

# The same extraction with OCR repair switched off, scored: shows what repair adds.
eval-norepair: $(STAMP)
	@KH_REPAIR=0 $(PY) -m pipeline $(INPUTS) -o $(OUT_DIR)/norepair -q || true
	@$(PY) -m pipeline.evaluate $(OUT_DIR)/norepair $(GOLD_DIR)

# Rebuild the syllable language model after editing pipeline/data/lexicon_admin.txt.
build-lm: $(STAMP)
	$(PY) bench/build_lm.py

# Per-stage time, the ratio to one underthesea.word_tokenize pass (also on
# ../shared/wild when it is there), size scaling and peak memory.
WILD_DIR ?= ../shared/wild
bench: $(STAMP)
	$(PY) bench/speed.py $(if $(wildcard $(WILD_DIR)),--wild $(WILD_DIR))

noise-bench: $(STAMP)
	$(PY) bench/noise.py

# Property-based robustness at length: 10,000 generated documents per property
# (make test runs 200).
fuzz: $(STAMP)
	KH_FUZZ_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py --hypothesis-show-statistics

# The batch acceptance check with the default 120 s limit: the corpus beside
# hostile and broken files; prints the wall time and what the manifest recorded.
hostile: $(STAMP)
	$(PY) bench/hostile_batch.py

# The scored documents as text-layer PDF, scanned PDF, .docx and HTML (built
# into output/formats/, gitignored), extracted and scored against the same gold
# files as the clean text; prints the per-field difference from clean.
eval-formats: $(STAMP) | system-deps
	$(PY) bench/make_format_fixtures.py
	$(PY) bench/eval_formats.py

# Legacy font encodings (TCVN3 / ABC, VNI): the scored documents written as raw
# legacy bytes and as Windows-1252 mojibake saved as UTF-8 (built into
# output/legacy-fixtures/, gitignored; TCVN3 by GNU iconv, part of libc-bin),
# extracted and scored beside their Unicode originals: prints both tables and
# the per-field difference from Unicode.
.PHONY: eval-legacy bench-legacy
eval-legacy: $(STAMP)
	$(PY) bench/make_legacy_fixtures.py --out $(OUT_DIR)/legacy-fixtures
	$(PY) bench/legacy_eval.py --fixtures $(OUT_DIR)/legacy-fixtures

# Legacy detection on genuine text: false conversions (must be 0) and time over
# corpus/, corpus/dev/ and ../shared/wild/ (when present), as UTF-8 and as
# Windows-1258 bytes.
bench-legacy: $(STAMP)
	$(PY) bench/legacy_detection.py

# OCR and text-layer speed against bare tesseract and pdfplumber, the binding
# and the DPI measured.
bench-ocr: $(STAMP) | system-deps
	$(PY) bench/ocr.py

clean:
	rm -rf $(OUT_DIR)/*.json $(OUT_DIR)/_manifest.jsonl $(OUT_DIR)/norepair $(DEV_OUT) $(VENV) *.egg-info .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
