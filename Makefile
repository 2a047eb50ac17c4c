# Two entry points: `make run` and `make test`. Each installs what is missing, then builds.
MAKEFLAGS += --no-print-directory
# One build folder per preset, so that CI's warnings-as-errors build never leaks into a dev build.
PRESET   ?= $(if $(CI),ci,dev)
BUILD    := $(if $(filter ci,$(PRESET)),build-ci,build)
BIN      := $(BUILD)/bin
DEMO     := $(BUILD)/demo
RESULTS  := $(BUILD)/results
JOBS     ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: all deps test-deps configure build app run test package asan fuzz bench compare screenshots clean

all: build

deps:
	@packaging/install-deps.sh

test-deps:
	@packaging/install-deps.sh --test

# Quiet when it works; its whole output when it does not.
configure: deps
	@mkdir -p $(BUILD) && cmake --preset $(PRESET) > $(BUILD)/configure.log 2>&1 \
	    || { cat $(BUILD)/configure.log; echo "Configuring failed (log: $(BUILD)/configure.log)."; exit 1; }

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Only what `make run` runs: the program and its engine, no test.
app: configure
	@cmake --build $(BUILD) -j $(JOBS) --target qualcluster qualcluster-engine

# The main job on the bundled demo data: the window with a display, the headless analysis without.
run: app
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

test: test-deps build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# A .deb of the install (CPack, dependencies from dpkg-shlibdeps) in $(BUILD)/package.
package: test-deps build
	@cd $(BUILD) && cpack -G DEB -B package > package.log 2>&1 || { cat package.log; exit 1; }
	@ls $(BUILD)/package/*.deb

# The whole suite built with AddressSanitizer + UBSan. The engines the tests start inherit these
# options and forward their stderr, but a test may pass while an engine it started reported an
# error (the fault tests expect engines to die), so every test's log is searched afterwards.
ASAN_OPTS := detect_leaks=1:detect_stack_use_after_return=1
ASAN_OPTS := $(ASAN_OPTS):check_initialization_order=1:strict_init_order=1
ASAN_ENV  := ASAN_OPTIONS=$(ASAN_OPTS) UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SANITIZER_REPORT := runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)
asan: test-deps
	@mkdir -p build-asan && cmake --preset dev-asan > build-asan/configure.log 2>&1 \
	    || { cat build-asan/configure.log; exit 1; }
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS) -LE lint; status=$$?; \
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
	@rm -rf build build-ci build-asan build-fuzz
