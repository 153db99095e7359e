# Turns `go test -bench` output into the Markdown table of BENCHMARKS.md:
# one row per custom metric a benchmark reports (seconds, ratios, MB).
# Usage: awk -f bench/table.awk bench.out
BEGIN { print "| benchmark | metric | value |"; print "|---|---|---|" }
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	for (i = 3; i < NF; i += 2) {
		unit = $(i + 1)
		if (unit == "ns/op" || unit == "B/op" || unit == "allocs/op") continue
		printf "| %s | %s | %s |\n", name, unit, $i
	}
}
