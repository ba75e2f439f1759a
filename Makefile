# Sift: `make serve` runs the server, `make test` runs every test (Swift suites, then the official
# Elasticsearch and OpenSearch Python clients against a real server), `make bench` the benchmarks.
# Each target first installs the system libraries Sift links against, when pkg-config cannot find them.

SWIFT     ?= swift
HOST      ?= 127.0.0.1
PORT      ?= 9200
DATA      ?= ./data
APT_DEPS  := liblz4-dev libpcre2-dev zlib1g-dev pkg-config
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CORPUS    := Benchmarks/.corpus/json-1m-seed42.ndjson

.PHONY: deps build serve test bench clean

deps:
	@if ! pkg-config --exists liblz4 libpcre2-8 zlib 2>/dev/null; then \
		echo "installing $(APT_DEPS)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_DEPS); \
	fi

build: deps
	$(SWIFT) build -c release --product sift

serve: build
	.build/release/sift serve --host $(HOST) --port $(PORT) --data $(DATA) --pipelines ./pipelines --indexes ./indexes

test: deps
	$(SWIFT) test
	$(SWIFT) build --product sift
	SIFT_BIN="$$($(SWIFT) build --show-bin-path)/sift" Tests/clients/run.sh
	SIFT_BIN="$$($(SWIFT) build --show-bin-path)/sift" Tests/shippers/rsyslog.sh

$(CORPUS):
	@mkdir -p $(dir $@)
	python3 ../shared/bench/genlogs.py --kind json --count 1000000 --seed 42 -o $@

bench: deps $(CORPUS)
	cd Benchmarks && $(SWIFT) run -c release sift-bench --corpus ../$(CORPUS)

clean:
	rm -rf .build Benchmarks/.build
