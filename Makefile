# samverkan — build, run, test and benchmark. See README.md for the two commands that matter.

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
PORT     ?= 8080
DB       ?= samverkan.db

PKGS     := libh2o-evloop sqlite3 jansson libsodium libcmark libcurl libpq openssl libutf8proc libzip expat xlsxwriter
CC       ?= cc
CFLAGS   ?= -O2 -g
# The project's own flags live apart from CFLAGS so `make CFLAGS=...` (as check-sanitize does) adds
# optimisation or sanitizer flags without losing them.
SV_CFLAGS := -std=c17 -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Wall -Wextra -Werror \
            -Wno-unused-parameter -Isrc -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lcsv -lpthread -lm
TEST_LDLIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

# Every .c under src/ is part of the program; src/cli/main.c holds main() and is kept out of the
# library so unit tests can link everything else.
SRC      := $(sort $(wildcard src/base/*.c src/store/*.c src/domain/*.c src/web/*.c src/cli/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
OBJ      := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# libFuzzer targets: one .c per target in tests/fuzz/, built only under `make fuzz-build`.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# Files compiled into the binary: static assets and translations.
EMBED    := $(sort $(wildcard assets/*)) $(sort $(wildcard po/*.po)) $(sort $(wildcard share/*.json))

.PHONY: all deps deps-test run check check-unit check-unit-pg check-po check-http check-http-pg check-validate check-browser check-sanitize bench \
        check-durability fuzz fuzz-build fuzz-bins \
        install clean po demo-db

all: $(BUILD)/samverkan

# Debian packages: what the program needs to build, and what the tests and benchmark need too.
DEB_BUILD := build-essential pkg-config libh2o-evloop-dev libsqlite3-dev libjansson-dev \
             libsodium-dev libcmark-dev libcurl4-openssl-dev libpq-dev libssl-dev libstemmer-dev \
             libcsv-dev libutf8proc-dev libzip-dev libexpat1-dev libxlsxwriter-dev gettext xxd
DEB_TEST  := $(DEB_BUILD) libcmocka-dev python3 python3-pytest python3-pytest-xdist python3-psycopg2 python3-aiosmtpd python3-feedparser python3-openpyxl sqlite3 postgresql curl \
             chromium nginx-light wrk clang libclang-rt-14-dev default-jre-headless
deps:
	@sh tools/install-deps.sh $(DEB_BUILD)
deps-test:
	@sh tools/install-deps.sh $(DEB_TEST)
	@command -v npm >/dev/null 2>&1 || sh tools/install-deps.sh nodejs npm

$(BUILD)/samverkan: $(OBJ) $(BUILD)/src/cli/main.o
	$(CC) $(SV_CFLAGS) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SV_CFLAGS) $(CFLAGS) -c -o $@ $<

# Assets and .po files become byte arrays in one generated C file (see tools/embed.sh).
$(BUILD)/gen/embedded.c: $(EMBED) tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(SV_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(SV_CFLAGS) $(CFLAGS) -o $@ $< $(OBJ) $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

run: deps all
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BUILD)/samverkan demo --db $(DB)
	@echo "samverkan: open http://localhost:$(PORT)/ (Ctrl-C stops)"
	$(BUILD)/samverkan serve --db $(DB) --port $(PORT)

check: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory check-unit check-http check-validate check-browser

# The unit tests on SQLite, then on a throw-away PostgreSQL server (check-unit-pg), like the HTTP
# suite; without PostgreSQL the second half is skipped with a line that says so, a failure under CI.
check-unit: $(UNIT_BIN) check-po
	@SAMVERKAN_STRICT=1 sh tools/run-unit-tests.sh $(UNIT_BIN)
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory check-unit-pg; \
	else \
	  echo "check-unit: PostgreSQL half SKIPPED (no /usr/lib/postgresql/*/bin/initdb)"; \
	  if [ "$$CI" = true ]; then echo "check-unit: CI=true, the PostgreSQL half must run" >&2; exit 1; fi; \
	fi

check-unit-pg: $(UNIT_BIN)
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/samverkan-unit-pg.XXXXXX") && \
	url=$$(sh tools/pg-server.sh start "$$dir") || { rm -rf "$$dir"; exit 1; }; \
	SAMVERKAN_TEST_PG="$$url" SAMVERKAN_STRICT=1 sh tools/run-unit-tests.sh $(UNIT_BIN); rc=$$?; \
	sh tools/pg-server.sh stop "$$dir"; rm -rf "$$dir"; exit $$rc

# Every translation's printf conversions must match its original's (msgfmt --check): a msgstr
# with %s where the msgid has %lld would read the wrong argument at run time.
# The flags (c-format) come from the sources, merged into a copy, so an entry added by hand
# without its flag is checked too; there msgmerge marks a conversion that differs as fuzzy.
check-po:
	@mkdir -p $(BUILD)/po
	@xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kC_:1c,2 -o $(BUILD)/po/samverkan.pot $(SRC)
	@for f in po/*.po; do \
	  msgmerge -q --no-fuzzy-matching -o $(BUILD)/po/$$(basename $$f) $$f $(BUILD)/po/samverkan.pot && \
	  msgfmt --check -o /dev/null $(BUILD)/po/$$(basename $$f) || { echo "check-po: $$f" >&2; exit 1; }; \
	  if grep -n -A2 '^#,.*fuzzy' $(BUILD)/po/$$(basename $$f) >&2; then \
	    echo "check-po: $$f: the entries above do not match their originals (msgmerge marks a changed" \
	         "conversion fuzzy, and a fuzzy entry is not used)" >&2; exit 1; fi; \
	done
	@echo "po: every translation's conversions match its original's"

# The HTTP suite runs on PYTEST_WORKERS pytest-xdist workers (auto: one per core), a test file at a
# time per worker, each worker with its own servers, databases and ports; PYTEST_WORKERS=0 runs it
# in one process, in order.
PYTEST_WORKERS ?= auto
PYTEST_HTTP = /usr/bin/python3 -m pytest -q -p no:cacheprovider \
               $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile) tests/http
PYTEST_XDIST_CHECK = $(if $(filter-out 0,$(PYTEST_WORKERS)),/usr/bin/python3 -c 'import xdist' 2>/dev/null || \
  { echo "$@: pytest-xdist is missing (apt-get install python3-pytest-xdist, or PYTEST_WORKERS=0)" >&2; exit 1; })

# The HTTP suite twice: on SQLite, then on a throw-away PostgreSQL server (check-http-pg). Without
# PostgreSQL the second half is skipped with a banner that says so; under CI=true that is a failure.
check-http: all
	@$(PYTEST_XDIST_CHECK)
	SAMVERKAN=$(abspath $(BUILD)/samverkan) $(PYTEST_HTTP)
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory check-http-pg; \
	else \
	  echo; \
	  echo "######################################################################"; \
	  echo "##                                                                  ##"; \
	  echo "##   PostgreSQL half SKIPPED: no /usr/lib/postgresql/*/bin/initdb   ##"; \
	  echo "##   Only SQLite was tested. Install: apt-get install postgresql    ##"; \
	  echo "##   python3-psycopg2 (or make deps-test), then make check-http-pg  ##"; \
	  echo "##                                                                  ##"; \
	  echo "######################################################################"; \
	  echo; \
	  if [ "$$CI" = true ]; then echo "check-http: CI=true, the PostgreSQL half must run" >&2; exit 1; fi; \
	fi

# Only the PostgreSQL half: the suite with SAMVERKAN_STORE=postgresql (the tests start and stop
# their own PostgreSQL server with tools/pg-server.sh).
check-http-pg: all
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { echo "check-http-pg: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
	@/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || \
	  { echo "check-http-pg: psycopg2 is missing (apt-get install python3-psycopg2)" >&2; exit 1; }
	@$(PYTEST_XDIST_CHECK)
	SAMVERKAN_STORE=postgresql SAMVERKAN=$(abspath $(BUILD)/samverkan) $(PYTEST_HTTP)

# Crash safety, shown: rounds of writes, kill -9, restart, every acknowledged write still there
# (tests/durability/crash_rounds.py) — 100 rounds on SQLite, 20 on PostgreSQL, or ROUNDS=N for both.
# Minutes, not seconds, so not part of check.
check-durability: all
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { echo "check-durability: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
	SAMVERKAN=$(abspath $(BUILD)/samverkan) /usr/bin/python3 tests/durability/crash_rounds.py --store sqlite $(if $(ROUNDS),--rounds $(ROUNDS))
	SAMVERKAN=$(abspath $(BUILD)/samverkan) /usr/bin/python3 tests/durability/crash_rounds.py --store postgresql $(if $(ROUNDS),--rounds $(ROUNDS))

check-browser: all
	SAMVERKAN=$(abspath $(BUILD)/samverkan) sh tests/browser/run.sh

# The yearly follow-up's HTML file, from the command line and from the page's download, through the
# Nu HTML checker (vnu.jar from npm, tests/validate; Java from default-jre-headless): any error fails.
check-validate: all
	SAMVERKAN=$(abspath $(BUILD)/samverkan) sh tests/validate/run.sh

# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer.
check-sanitize: deps-test
	@$(MAKE) --no-print-directory BUILD=build-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" all check-unit check-http

# libFuzzer: every library object again with clang, ASan and UBSan in build-fuzz/, one binary
# per tests/fuzz/*.c; `make fuzz` runs each for FUZZ_SECONDS on a copy of its seed corpus
# (tests/fuzz/run.sh) and fails when any finds a crash. See tests/fuzz/README.md.
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined
fuzz-build:
	@command -v clang >/dev/null 2>&1 || \
	  { echo "fuzz: clang is missing (apt-get install clang libclang-rt-14-dev, or make deps-test)" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	  LDFLAGS="-fsanitize=fuzzer,address,undefined" fuzz-bins
fuzz-bins: $(FUZZ_BIN)
fuzz: fuzz-build
	sh tests/fuzz/run.sh build-fuzz/fuzz $(FUZZ_SECONDS) $(notdir $(FUZZ_BIN))

$(BUILD)/fuzz/%: tests/fuzz/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(SV_CFLAGS) $(CFLAGS) -o $@ $< $(OBJ) $(LDFLAGS) $(LDLIBS)

bench: deps-test all
	sh bench/run.sh $(abspath $(BUILD)/samverkan)

po:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -kC_:1c,2 --add-comments=TRANSLATORS -o po/samverkan.pot $(SRC)
	msgmerge -q -U --backup=none po/sv.po po/samverkan.pot

install: all
	install -D -m 755 $(BUILD)/samverkan $(DESTDIR)$(PREFIX)/bin/samverkan

clean:
	rm -rf build build-san build-fuzz

-include $(OBJ:.o=.d) $(BUILD)/src/cli/main.d $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)
