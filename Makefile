# chitieu — see README.md. Every go command needs cgo and the duckdb_arrow tag.
GO        ?= go
TAGS      := duckdb_arrow
GOFLAGS   := -tags=$(TAGS)
BIN       := bin/chitieu
DB        ?= chitieu.duckdb
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
export CGO_ENABLED := 1

.PHONY: build run test bench fuzz vet fmt clean samples

build:
	$(GO) build $(GOFLAGS) -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/chitieu

# The whole pipeline on the bundled sources, then the KPI table.
run: build
	./$(BIN) run --db $(DB)
	./$(BIN) kpi --db $(DB)

# After the unit tests, the normaliser (several goroutines), a decoder
# feeding it and the loader reading it into DuckDB run again under the race
# detector, then the fuzz targets of the
# number and period parsers run briefly (FUZZSHORT each; 'make fuzz' runs
# every target for longer).
FUZZSHORT ?= 3s
test: vet
	$(GO) test $(GOFLAGS) -count=1 ./...
	$(GO) test $(GOFLAGS) -count=1 -race ./transform ./extract/csv
	$(GO) test $(GOFLAGS) -count=1 -race -run 'TestRejectedRows|TestDuplicate|TestLateVintage|TestFailedStream' ./load
	$(GO) test $(GOFLAGS) -run '^$$' -fuzz '^FuzzParseNumber$$' -fuzztime $(FUZZSHORT) ./transform
	$(GO) test $(GOFLAGS) -run '^$$' -fuzz '^FuzzParsePeriod$$' -fuzztime $(FUZZSHORT) ./transform

vet:
	@out=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet $(GOFLAGS) ./...

# Benchmarks (minutes; never part of test, not run by CI). ./bench prints
# each pipeline stage beside its baseline measured in the same run; the
# table goes into BENCHMARKS.md.
bench:
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem -timeout 60m ./... | tee bench.out
	@! grep -q -e '^FAIL' -e '^--- FAIL' bench.out
	@awk -f bench/table.awk bench.out

FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test $(GOFLAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $(GOFLAGS) -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s $$pkg || exit 1; \
	  done; done

# Regenerate the bundled sample workbooks (sample data, not official).
samples:
	$(GO) test $(GOFLAGS) ./extract/excel -run TestSampleWorkbooks -update
	$(GO) test $(GOFLAGS) ./schedules -run TestSampleSources -update

fmt:
	gofmt -w $$(git ls-files -co --exclude-standard '*.go')

clean:
	rm -rf bin $(DB) $(DB).wal bench.out
