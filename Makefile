# The two commands: `make run` (the service with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Separate checkouts on one machine (or parallel worktrees) get their own database and Redis
# numbers: by default derived from the checkout's path (set them to choose your own).
CHECKOUT_HASH := $(shell printf '%s' "$(CURDIR)" | cksum | cut -d' ' -f1)
CPB_NAME ?= cpb_$(shell printf '%s' "$(notdir $(CURDIR))" | tr -c 'a-zA-Z0-9' '_' | tr 'A-Z' 'a-z')_$(shell expr $(CHECKOUT_HASH) % 10000)
# Redis has databases 0-15: run uses one of 0, 3, 6, 9, 12 and the next (its cache), tests the
# one after; two checkouts whose paths hash alike share them unless one sets its own.
RUN_REDIS_DB ?= $(shell expr $(CHECKOUT_HASH) % 5 \* 3)
CPB_BEAT_FILE ?= var/celery-beat-$(CPB_NAME)
TEST_REDIS_DB ?= $(shell expr $(CHECKOUT_HASH) % 5 \* 3 + 2)

.PHONY: run test venv dev-venv system services lint frontend clean

.venv/.installed: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

.venv/.dev-installed: requirements-dev.txt .venv/.installed
	.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: .venv/.installed
dev-venv: .venv/.dev-installed

system:
	bash scripts/system-packages.sh

run: system venv
	@eval "$$(bash scripts/services.sh $(CPB_NAME))"; \
	export DEBUG=1 DEMO=1 COUNCIL_ONS_CODES=$${COUNCIL_ONS_CODES:-E08000035} REDIS_URL=$$REDIS_HOST_URL/$(RUN_REDIS_DB) REDIS_CACHE_URL=$$REDIS_HOST_URL/$$(($(RUN_REDIS_DB)+1)); \
	mkdir -p var && $(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py demo_setup && \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	mkdir -p var; \
	.venv/bin/celery -A corporate_parenting worker -B -s $(CPB_BEAT_FILE) --loglevel=WARNING --concurrency=1 -n web@%h & worker=$$!; \
	echo ""; echo "Open http://$(HOST):$(PORT)/ and sign in with one of the accounts above."; \
	echo "Stop with Ctrl+C. Another port: make run PORT=8001. This checkout uses database $(CPB_NAME) and Redis databases $(RUN_REDIS_DB) and $$(($(RUN_REDIS_DB)+1))."; echo ""; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: system dev-venv
	@eval "$$(bash scripts/services.sh $(CPB_NAME))"; \
	export DEBUG=1 DEMO=1 REDIS_URL=$$REDIS_HOST_URL/$(TEST_REDIS_DB); \
	.venv/bin/pytest $(PYTEST_ARGS)

lint: dev-venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	@eval "$$(bash scripts/services.sh $(CPB_NAME))"; \
	DEBUG=1 DEMO=1 $(PY) manage.py makemigrations --check --dry-run

frontend:
	bash frontend/build.sh

clean:
	-redis-cli -p 6379 -n $(TEST_REDIS_DB) flushdb >/dev/null
	rm -rf .pytest_cache staticfiles var
