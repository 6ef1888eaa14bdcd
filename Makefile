# Two commands: `make demo` and `make test`. Both build .venv from nothing with the pinned set.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: validate-stats demo test lint install install-dev install-lab install-bench bench bench-scale bench-attribution validate-attribution validate-targets install-fuzz fuzz lock clean corpora install-corpora figures lab

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml $(LOCK)
	$(PIP) install -c $(LOCK) setuptools wheel
	$(PIP) install --no-build-isolation -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --no-build-isolation -c $(LOCK) -e ".[dev]"
	touch $@

# The peers are optional for the benchmark: if the extra fails to install as a whole, each is tried alone and
# benchmarks/run.py reports the missing ones as "not installed".
$(VENV)/.installed-bench: $(VENV)/.installed
	$(PIP) install --no-build-isolation -c $(LOCK) -e ".[bench]" || for p in pyahocorasick flashtext flashtext2 spacy liwc; do \
	  $(PIP) install -c $(LOCK) $$p || echo "make: $$p could not be installed; the benchmark will say so"; done
	touch $@

$(VENV)/.installed-fuzz: $(VENV)/.installed
	$(PIP) install --no-build-isolation -c $(LOCK) -e ".[fuzz]"
	touch $@

$(VENV)/.installed-lab: $(VENV)/.installed-dev
	$(PIP) install --no-build-isolation -c $(LOCK) -e ".[dev,notebooks]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-lab: $(VENV)/.installed-lab
install-bench: $(VENV)/.installed-bench
install-fuzz: $(VENV)/.installed-fuzz

## demo: set up and run the main job on the bundled seed article, results in results/
demo: $(VENV)/.installed
	$(BIN)/framing analyze seeds --out results

## test: set up and run ruff, mypy (on framing/, see [tool.mypy] in pyproject.toml) and the whole test suite
test: $(VENV)/.installed-dev
	$(BIN)/ruff check framing tests notebooks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check framing tests notebooks
	$(BIN)/ruff format --check framing tests
	$(BIN)/mypy

# Third-party corpora: corpora/NAME.yaml is the manifest of each (source, license, sha256 of every file); the
# data are used in place from ../shared/corpora/NAME/ when it exists, or installed into corpora/NAME/
# (git-ignored) by `framing corpus install`, which checks every file first.
SHARED_CORPORA ?= ../shared/corpora
FROM           ?= $(SHARED_CORPORA)
CORPORA        := $(sort $(basename $(notdir $(wildcard corpora/*.yaml))))

## corpora: check every corpus where framing finds it (corpora/NAME/, else ../shared/corpora/NAME/)
corpora: $(VENV)/.installed
	@set -e; for c in $(CORPORA); do $(BIN)/framing corpus verify $$c; done

## install-corpora: copy every corpus from FROM/NAME (default FROM=../shared/corpora) into corpora/NAME/, verified
install-corpora: $(VENV)/.installed
	@test -d "$(FROM)" || { echo "make: $(FROM) does not exist; run 'make install-corpora FROM=DIR'"; exit 2; }
	@set -e; for c in $(CORPORA); do $(BIN)/framing corpus install $$c --from "$(FROM)/$$c"; done

## figures: execute every notebook headless and rewrite figures/MANIFEST (the test suite checks it)
figures: $(VENV)/.installed-dev
	$(BIN)/python notebooks/execute.py --update

## lab: JupyterLab on the notebooks with the project's kernel
lab: $(VENV)/.installed-lab
	cd notebooks && ../$(BIN)/jupyter lab

## validate-attribution: attribution scored on PolNeAR train and dev (../shared/gold), with baselines (not part of `make test`)
validate-attribution: $(VENV)/.installed
	$(BIN)/python benchmarks/attribution_relations.py

## validate-targets: targets, roles and negation of lexicon matches on the hand-labelled sample (train and held-out, with baselines) and roles on climate news (not part of `make test`)
validate-targets: $(VENV)/.installed
	$(BIN)/python benchmarks/target_validation.py --split train
	$(BIN)/python benchmarks/target_validation.py --split test
	$(BIN)/python benchmarks/target_roles_climate.py

## bench: framing's engine against its peers on a generated 100 MB corpus (benchmarks/; not part of `make test`)
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

## bench-scale: framing analyze on 10 % and 100 % of a 100 MB corpus built from ../shared, --jobs 1 and 2
bench-scale: $(VENV)/.installed
	$(BIN)/python benchmarks/scale.py

## bench-attribution: attribution's MB per CPU-second on the UN corpus of ../shared, the alias and verb searches old vs new, and their identity
bench-attribution: $(VENV)/.installed
	$(BIN)/python benchmarks/attribution_speed.py --identity

## validate-stats: coverage and type-I error of the intervals and tests on simulated corpora (benchmarks/validate_stats.py; not part of `make test`, which runs its --smoke)
validate-stats: $(VENV)/.installed
	$(BIN)/python benchmarks/validate_stats.py

# Coverage-guided fuzzing (atheris/libFuzzer) of the .dic, .cat, CSV/TSV and YAML readers, the corpus reader and
# the regex check, and the matching engine against Lexicon.find: each target runs FUZZ_SECONDS, starting from fuzz/seeds/TARGET; its growing corpus and any
# finding (the input that crashed or hung, with -timeout seconds per input) go to build/fuzz/TARGET/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= dic cat table yaml corpus regex engine

## fuzz: run every atheris target for FUZZ_SECONDS seconds (fuzz/; not part of `make test`)
fuzz: $(VENV)/.installed-fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/$$t/corpus build/fuzz/$$t/findings; cp fuzz/seeds/$$t/* build/fuzz/$$t/corpus/; \
	  echo "make fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(BIN)/python fuzz/fuzz.py $$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -artifact_prefix=build/fuzz/$$t/findings/ build/fuzz/$$t/corpus > build/fuzz/$$t/log.txt 2>&1 || true; \
	  grep -E '^(Done |==[0-9]+== ERROR)|DONE' build/fuzz/$$t/log.txt || true; \
	  test -z "$$(ls build/fuzz/$$t/findings)" || { echo "make fuzz: $$t found $$(ls build/fuzz/$$t/findings)"; exit 1; }; \
	  grep -q '^Done ' build/fuzz/$$t/log.txt || { echo "make fuzz: $$t did not run, see build/fuzz/$$t/log.txt"; exit 1; }; \
	done

## lock: re-resolve the pinned dependency set (needs the package registry)
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet ".[notebooks,dev,bench,fuzz]"
	{ echo "# Pinned dependency set for framing (runtime + notebooks + dev + bench + fuzz extras)."; \
	  echo "# Generated by 'make lock' (pip freeze of a venv with .[notebooks,dev,bench,fuzz]); used as pip constraints."; \
	  .lockvenv/bin/python -m pip freeze --all | grep -v -e '^framing' -e '^pip=='; } > $(LOCK)
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) results build *.egg-info .pytest_cache .ruff_cache .mypy_cache
