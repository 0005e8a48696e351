# Makefile — thin wrapper around CMake (cmark's pattern): make, make demo, make check.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
BUILD_TARGET ?=

# What the build directory was configured with. When it changes (another BUILD_TYPE, other
# CMAKE_FLAGS such as -DAMICUS_WERROR=ON, another CC), CMake is configured afresh, so that
# `make check CMAKE_FLAGS=...` really applies the flags instead of reusing an old cache.
CONFIG_LINE := -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) CC=$(CC)
CONFIG_STAMP := $(BUILD_DIR)/.amicus-config

.PHONY: all deps build demo check test asan ubsan fuzz bench clean FORCE

all: build

deps:
	@bash scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt: FORCE
	@if [ ! -f $@ ] || [ "$$(cat $(CONFIG_STAMP) 2>/dev/null)" != '$(CONFIG_LINE)' ]; then \
	  echo "configuring $(BUILD_DIR): $(CONFIG_LINE)"; \
	  rm -f $@ $(CONFIG_STAMP); \
	  cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) && \
	  printf '%s' '$(CONFIG_LINE)' > $(CONFIG_STAMP); \
	fi

build: $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS) $(if $(BUILD_TARGET),--target $(BUILD_TARGET))

# Install dependencies, build, and run amicus on the bundled example bill. The example is
# written to contain risks, so exit 1 (findings reported) is success here; 2 or more is not.
demo: deps build
	@./$(BUILD_DIR)/amicus check examples/cybercrime-bill.txt; rc=$$?; \
	  if [ $$rc -gt 1 ]; then echo "make demo: amicus check failed (exit $$rc)" >&2; exit $$rc; fi

# Install dependencies, build, and run every test through ctest.
check: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (leaks included).
asan:
	$(MAKE) check BUILD_DIR=build-asan BUILD_TYPE=Asan

ubsan:
	$(MAKE) check BUILD_DIR=build-ubsan BUILD_TYPE=Ubsan

# libFuzzer targets (fuzz/fuzz_*.c), each run for FUZZ_SECONDS.
fuzz:
	@bash scripts/install-deps --fuzz
	$(MAKE) build BUILD_DIR=$(FUZZ_BUILD_DIR) BUILD_TYPE=Debug CC=clang BUILD_TARGET=fuzzers \
	  CMAKE_FLAGS="-DAMICUS_FUZZ=ON $(CMAKE_FLAGS)"
	bash fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

bench: build
	@bash scripts/install-deps --bench
	bash bench/run.sh $(BUILD_DIR)/amicus

clean:
	rm -rf build build-asan build-ubsan $(FUZZ_BUILD_DIR)
