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

test: vet
	$(GO) test $(GOFLAGS) -count=1 ./...

vet:
	@out=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet $(GOFLAGS) ./...

bench:
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...

FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test $(GOFLAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $(GOFLAGS) -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; done

# Regenerate the bundled sample workbooks (sample data, not official).
samples:
	$(GO) test $(GOFLAGS) ./extract/excel -run TestSampleWorkbooks -update

fmt:
	gofmt -w $$(git ls-files -co --exclude-standard '*.go')

clean:
	rm -rf bin $(DB) $(DB).wal
