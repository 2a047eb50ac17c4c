# Two entry points: `make run` and `make test`. Each installs what is missing, then builds.
MAKEFLAGS += --no-print-directory
PRESET   ?= $(if $(CI),ci,dev)
BUILD    := build
BIN      := $(BUILD)/bin
DEMO     := $(BUILD)/demo
RESULTS  := $(BUILD)/results
JOBS     ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: all deps configure build run test asan fuzz bench compare screenshots clean

all: build

deps:
	@packaging/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the bundled demo data: the window with a display, the headless analysis without.
run: build
	@[ -d $(DEMO)/t6_2 ] || $(BIN)/qualcluster demo-data $(DEMO) >/dev/null
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    $(BIN)/qualcluster --start --run $(DEMO); \
	else \
	    $(BIN)/qualcluster analyze --compare-serial --png-dir $(RESULTS)/charts \
	        --json $(RESULTS)/results.json --csv $(RESULTS)/positions.csv \
	        --reads-csv $(RESULTS)/reads.csv $(DEMO); \
	fi

screenshots: build
	@tests/screenshots.sh

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite built with AddressSanitizer + UBSan. The engines the tests start inherit these
# options and forward their stderr, but a test may pass while an engine it started reported an
# error (the fault tests expect engines to die), so every test's log is searched afterwards.
ASAN_OPTS := detect_leaks=1:detect_stack_use_after_return=1
ASAN_OPTS := $(ASAN_OPTS):check_initialization_order=1:strict_init_order=1
ASAN_ENV  := ASAN_OPTIONS=$(ASAN_OPTS) UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SANITIZER_REPORT := runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)
asan: deps
	@cmake --preset dev-asan >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS); status=$$?; \
	if grep -qE '$(SANITIZER_REPORT)' Testing/Temporary/LastTest.log; then \
	    echo "Sanitizer reports (full log: build-asan/Testing/Temporary/LastTest.log):"; \
	    grep -E -A4 '$(SANITIZER_REPORT)' Testing/Temporary/LastTest.log; exit 1; \
	fi; exit $$status

# libFuzzer targets (Clang) for FUZZ_SECONDS each; a crash is kept in tests/fuzz/regressions/.
fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: build
	@tests/bench/bench.sh

# Per-position means checked against FastQC and seqtk fqchk, and the three timed on the same data
# (skipped, exit 0, when fastqc or seqtk is not installed). COMPARE_ARGS=--large for the large set.
compare: build
	@tests/compare/compare_tools.sh $(COMPARE_ARGS) $(BUILD)

clean:
	@rm -rf $(BUILD) build-asan build-fuzz
