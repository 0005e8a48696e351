# Makefile — thin wrapper around CMake (cmark's pattern): make, make demo, make check.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo check test asan ubsan fuzz bench clean format

all: build

deps:
	@bash scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Install dependencies, build, and run amicus on the bundled example bill.
demo: deps build
	./$(BUILD_DIR)/amicus check examples/cybercrime-bill.txt

# Install dependencies, build, and run every test through ctest.
check: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

asan:
	$(MAKE) check BUILD_DIR=build-asan BUILD_TYPE=Asan

ubsan:
	$(MAKE) check BUILD_DIR=build-ubsan BUILD_TYPE=Ubsan

fuzz:
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DAMICUS_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS)
	bash fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-60}

bench: build
	bash bench/run.sh

clean:
	rm -rf build build-asan build-ubsan build-fuzz
