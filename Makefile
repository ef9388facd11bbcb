# terbuka - the two-command front door. Everything real is in meson.build
# and scripts/; this file only strings them together.
#   make run    install what is missing, build, create demo data, serve
#   make test   install what is missing, build, run every test suite
PORT ?= 8080
DB ?= var/terbuka.db

.PHONY: all deps build build-asan run test bench clean

all: build

deps:
	@scripts/deps

# Migrations are listed when meson configures: a new one reconfigures.
MIGRATIONS := $(wildcard migrations/*/*.sql)

build/build.ninja: $(MIGRATIONS)
	if [ -d build ]; then meson setup --reconfigure build; else meson setup build --buildtype=debugoptimized; fi

build-asan/build.ninja: $(MIGRATIONS)
	if [ -d build-asan ]; then meson setup --reconfigure build-asan; else meson setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false; fi

build: deps build/build.ninja
	ninja -C build

build-asan: deps build-asan/build.ninja
	ninja -C build-asan

run: build
	@test -e $(DB) || build/terbuka demo --db $(DB)
	exec build/terbuka serve --listen 127.0.0.1:$(PORT) --db $(DB)

test: build build-asan build-fuzz
	scripts/test

# Full-page PNGs of the main pages at phone (360 px) and desktop (1280 px)
# size, in tests/browser/screenshots/, for a person to look at.
.PHONY: screenshots
screenshots: build
	node tests/browser/screenshots.mjs

# Benchmarks are not tests: they measure, print, and rewrite their block of
# docs/BENCHMARKS.md. BENCH_SECONDS sets the length of each measurement.
BENCH_SECONDS ?= 10
SOAK_SECONDS ?= 300
bench: build
	bench/http.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py http
	bench/nodes.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py nodes
	bench/programs.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py programs
	bench/questions.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py questions
	bench/search.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py search
	bench/live.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py live
	bench/report.sh $(BENCH_SECONDS) | tee /dev/stderr | bench/update-doc.py report
	bench/ledger.sh | tee /dev/stderr | bench/update-doc.py ledger
	bench/soak.sh $(SOAK_SECONDS) | tee /dev/stderr | bench/update-doc.py soak

clean:
	rm -rf build build-asan

# Fuzzing (tests/fuzz/README.md): libFuzzer targets built by clang with
# AddressSanitizer + UBSan in build-fuzz/. `make fuzz` runs each target for
# FUZZ_SECONDS, grows the corpora and fails on any crash (saved under
# tests/fuzz/crashes/); scripts/fuzz-replay replays the corpora once.
FUZZ_SECONDS ?= 60

.PHONY: build-fuzz fuzz fuzz-replay

build-fuzz/build.ninja: $(MIGRATIONS)
	if [ -d build-fuzz ]; then meson setup --reconfigure build-fuzz; else CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized; fi

build-fuzz: deps build-fuzz/build.ninja
	ninja -C build-fuzz

fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

fuzz-replay: build-fuzz
	scripts/fuzz-replay
