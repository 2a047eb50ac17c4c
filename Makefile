# Two entry points: `make run` and `make test`. Each installs what is missing, then builds.
MAKEFLAGS += --no-print-directory
PRESET   ?= $(if $(CI),ci,dev)
BUILD    := build
BIN      := $(BUILD)/bin
DEMO     := $(BUILD)/demo
RESULTS  := $(BUILD)/results
JOBS     ?= $(shell nproc)

.PHONY: all deps configure build run test asan bench screenshots clean

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
	        --json $(RESULTS)/results.json --csv $(RESULTS)/positions.csv $(DEMO); \
	fi

screenshots: build
	@tests/screenshots.sh

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	@cmake --preset dev-asan >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS)

bench: build
	@tests/bench/bench.sh

clean:
	@rm -rf $(BUILD) build-asan
