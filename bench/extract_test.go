package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// extractEnv makes the test binary run the extractor alone on one file and
// print its peak memory (see TestMain).
const extractEnv = "CHITIEU_BENCH_EXTRACT"

// extractToArrow reads a workbook through the extractor and the normaliser
// into Arrow record batches of the canonical schema, and drops them: the
// extract stage alone, without DuckDB.
func extractToArrow(path string) (rows, rejected int64, err error) {
	ref, err := plan.Load()
	if err != nil {
		return 0, 0, err
	}
	// As the pipeline reads a file: hashed, then decoded from disk.
	p, err := extract.FilePayload("bench", path, time.Now(), 1<<30)
	if err != nil {
		return 0, 0, err
	}
	dec, err := extract.Detect(p)
	if err != nil {
		return 0, 0, err
	}
	s := transform.Start(context.Background(), dec, p, transform.Config{Ref: ref})
	defer s.Release()
	for s.Next() {
		rows += s.RecordBatch().NumRows()
	}
	if err := s.Err(); err != nil {
		return rows, 0, err
	}
	return rows, s.Stats().Rejected, nil
}

func childExtract(path string) int {
	rows, rejected, err := extractToArrow(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("rows %d rejected %d\nGoSys %d\nVmHWM %s\n", rows, rejected, ms.Sys>>10, vmHWM())
	return 0
}

// vmHWM is this process's peak resident set in kB, from /proc.
func vmHWM() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "0"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		}
	}
	return "0"
}

// BenchmarkXLSXExtract1M is the extract issue's benchmark: a generated
// 1,000,000-row workbook through the extractor into Arrow (no database)
// beside a bare excelize row-iterator read of the same file (goal ≤ 1.3×),
// and the extractor's peak memory in a child process for 200,000 and
// 1,000,000 rows (goal: under 200 MB, not growing with the file).
func BenchmarkXLSXExtract1M(b *testing.B) {
	path := workbook(b, 1_000_000)
	var ours, bare time.Duration
	for i := 0; i < b.N; i++ {
		ours, bare = 1<<62, 1<<62
		for round := 0; round < 2; round++ {
			start := time.Now()
			rows, rejected, err := extractToArrow(path)
			if err != nil || rows != 1_000_000 || rejected != 0 {
				b.Fatalf("extract: %d rows, %d rejected, %v", rows, rejected, err)
			}
			ours = min(ours, time.Since(start))
			start = time.Now()
			excelizeRead(b, path)
			bare = min(bare, time.Since(start))
		}
	}
	b.ReportMetric(float64(1_000_000)/ours.Seconds(), "rows/s")
	b.ReportMetric(ours.Seconds(), "extract_s")
	b.ReportMetric(bare.Seconds(), "excelize_s")
	b.ReportMetric(ours.Seconds()/bare.Seconds(), "x_excelize")
	for _, n := range []int{200_000, 1_000_000} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), extractEnv+"="+workbook(b, n))
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child extract: %v\n%s", err, out)
		}
		_, kb, _ := strings.Cut(string(out), "VmHWM ")
		v, err := strconv.ParseFloat(strings.Fields(kb + " 0")[0], 64)
		if err != nil {
			b.Fatalf("child printed no VmHWM:\n%s", out)
		}
		b.ReportMetric(v/1024, fmt.Sprintf("MB_peak_%dk", n/1000))
	}
}
