VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test fuzz bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev,ray]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dateline ingest examples --db dateline.db
	$(VENV)/bin/dateline serve --db dateline.db --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(VENV)/bin/pytest

# atheris fuzzing of the readers for a bounded time (FUZZ_SECONDS); not part of `make test`
FUZZ_SECONDS ?= 120
FUZZ_DIR ?= /tmp/dateline-fuzz
fuzz: $(STAMP)
	$(PIP) install -q atheris
	$(PY) fuzz/seeds.py $(FUZZ_DIR)/corpus
	$(PY) fuzz/fuzz_readers.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 \
		-artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus

bench: $(STAMP)
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) dateline.db dateline.db-wal dateline.db-shm
