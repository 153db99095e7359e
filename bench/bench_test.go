package bench

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
	"github.com/hanoi-sti/chitieu/transform"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// childEnv makes the test binary load one file and exit (see TestMain): the
// child's peak RSS is then the memory one load needs.
const childEnv = "CHITIEU_BENCH_CHILD"

// inputsEnv names a directory where generated inputs are kept and reused.
const inputsEnv = "CHITIEU_BENCH_INPUTS"

var workDir string // inputs shared by the benchmarks of one run

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(childLoad(spec))
	}
	if path := os.Getenv(extractEnv); path != "" {
		os.Exit(childExtract(path))
	}
	// CHITIEU_BENCH_INPUTS keeps the generated inputs in a directory across
	// runs: generating the million-row workbooks takes longer than reading them.
	if workDir = os.Getenv(inputsEnv); workDir != "" {
		if err := os.MkdirAll(workDir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(m.Run())
	}
	var err error
	if workDir, err = os.MkdirTemp("", "chitieu-bench-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(workDir)
	os.Exit(code)
}

// childLoad loads one file into a new warehouse: "FILE|DB".
func childLoad(spec string) int {
	file, db, _ := strings.Cut(spec, "|")
	ctx := context.Background()
	load.LimitGoMemory() // as the CLI's loading commands do
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := load.Open(ctx, db, loadOptions(quiet))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer w.Close()
	p := &schedules.Pipeline{Warehouse: w, Log: quiet}
	sum, err := p.LoadFiles(ctx, []string{file}, "bench", true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// VmHWM, not the parent's getrusage: Go starts children with vfork, and
	// Linux carries the parent's high-water mark over the exec into the
	// child's ru_maxrss (it measured the parent's 718 MB for both files).
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	hwm := ""
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("read %d loaded %d rejected %d\nGoSys %d\nVmHWM %s\n", sum.Read, sum.Loaded, sum.Rejected, ms.Sys>>10, hwm)
	if sum.Status != "succeeded" {
		fmt.Fprintln(os.Stderr, "status", sum.Status)
		return 1
	}
	return 0
}

var (
	genMu  sync.Mutex
	genned = map[string]string{}
)

// once makes an input the first time a benchmark asks for it.
func once(b *testing.B, name string, make func(path string) error) string {
	b.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	if p, ok := genned[name]; ok {
		return p
	}
	path := filepath.Join(workDir, name)
	if _, err := os.Stat(path); err == nil && os.Getenv(inputsEnv) != "" {
		genned[name] = path
		return path
	}
	start := time.Now()
	// Written under a temporary name, so that an interrupted run does not
	// leave half a file for the next one to reuse.
	part := filepath.Join(workDir, "partial-"+name)
	if err := make(part); err != nil {
		b.Fatalf("generate %s: %v", name, err)
	}
	if err := os.Rename(part, path); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("generated %s: %d bytes in %v", name, fi.Size(), time.Since(start).Round(time.Millisecond))
	genned[name] = path
	return path
}

// writeWorkbook writes an agency report (the template of extract/excel)
// with rows value cells, one per row, every one of them a valid, distinct
// observation: 12 plan indicators × 17,576 three-letter area codes × 5
// years covers 1,054,560 rows. It uses excelize's StreamWriter: WriteReport
// builds the sheet in memory and is meant for small reports.
func writeWorkbook(path string, rows int) error {
	ref, err := plan.Load()
	if err != nil {
		return err
	}
	inds := ref.Indicators
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Thông tin"); err != nil {
		return err
	}
	for i, kv := range [][]any{{"Tên báo cáo", "Benchmark"}, {"Đơn vị báo cáo", "chitieu bench"}, {"Ngày báo cáo", "25/11/2024"}, {"Dữ liệu mẫu", "Có"}} {
		if err := f.SetSheetRow("Thông tin", "A"+strconv.Itoa(i+1), &kv); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet("Số liệu"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Số liệu")
	if err != nil {
		return err
	}
	years := []string{"2020", "2021", "2022", "2023", "2024"}
	header := []any{"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn"}
	for _, y := range years {
		header = append(header, y)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	const areas = 26 * 26 * 26
	cells := make([]any, 4+len(years))
	for i := 0; i < rows; i++ {
		ind := inds[i%len(inds)]
		a := (i / len(inds)) % areas
		y := i / (len(inds) * areas)
		for j := range cells {
			cells[j] = nil
		}
		cells[0], cells[1], cells[2] = ind.Code, ind.NameVI, ind.Unit
		cells[3] = string([]byte{byte('A' + a/676), byte('A' + a/26%26), byte('A' + a%26)})
		cells[4+y] = float64(1 + (i*7)%60) // inside every indicator's plausible range
		if err := sw.SetRow("A"+strconv.Itoa(i+2), cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// writeWideWorkbook writes a statistical table the way yearbooks and
// agencies' own workbooks lay it out: one row per series (series of them,
// each its own code and name) and one column per year, 2020–2024, every
// cell a value: series × 5 values. It is the shape that failed for memory
// at the loading defaults (issue 15: 200,000 series × 5 years ran out of
// memory recording the series), where the long shape above has few series.
func writeWideWorkbook(path string, series int) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Bảng"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"Chỉ tiêu", "Đơn vị tính", "2020", "2021", "2022", "2023", "2024"}); err != nil {
		return err
	}
	cells := make([]any, 7)
	for i := 0; i < series; i++ {
		cells[0] = fmt.Sprintf("%s%06d", wideName, i+1)
		cells[1] = "Tỷ đồng"
		for y := 0; y < 5; y++ {
			cells[2+y] = float64(1+(i*7+y*13)%9973) + 0.5
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// wideName begins every series name of the wide workbook.
var wideName = "Chỉ tiêu thống kê số "

func wideWorkbook(b *testing.B, series int) string {
	return once(b, fmt.Sprintf("wide-%d.xlsx", series), func(p string) error { return writeWideWorkbook(p, series) })
}

func workbook(b *testing.B, rows int) string {
	return once(b, fmt.Sprintf("report-%d.xlsx", rows), func(p string) error { return writeWorkbook(p, rows) })
}

// loadOptions are the CLI's defaults for loading (chitieu run and load):
// the benchmarks measure what a user gets.
func loadOptions(log *slog.Logger) load.Options {
	return load.Options{Logger: log, MemoryLimit: load.DefaultMemoryLimit, Threads: load.DefaultThreads}
}

// openWarehouse opens a new warehouse with the loading defaults (what
// chitieu run and load use), or with DuckDB's own defaults when duckdbDefaults
// is set: a baseline runs DuckDB at its best (every core, 80% of RAM), and
// queries run on read-only opens, which take DuckDB's defaults too.
func openWarehouse(b *testing.B, duckdbDefaults bool) *load.Warehouse {
	b.Helper()
	opt := loadOptions(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if duckdbDefaults {
		opt = load.Options{Logger: opt.Logger}
	}
	w, err := load.Open(context.Background(), filepath.Join(b.TempDir(), "w.duckdb"), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.Close() })
	return w
}

func pipelineLoad(b *testing.B, file string) *load.Summary {
	b.Helper()
	w := openWarehouse(b, false)
	p := &schedules.Pipeline{Warehouse: w, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sum, err := p.LoadFiles(context.Background(), []string{file}, "bench", true)
	if err != nil || sum.Status != "succeeded" {
		b.Fatalf("load %s: %+v %v", file, sum, err)
	}
	return sum
}

// excelizeRead is the floor for reading a workbook: excelize's row iterator
// over the data sheet with the same unzip limits, doing nothing per cell.
func excelizeRead(b *testing.B, path string) int {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: excel.UnzipSizeLimit, UnzipXMLSizeLimit: excel.UnzipXMLSizeLimit})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("Số liệu")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		n += len(cells)
	}
	return n
}

const openpyxlScript = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
ws = wb["Số liệu"]
ws.reset_dimensions()  # excelize's StreamWriter leaves the dimension at A1
n = 0
for row in ws.iter_rows(values_only=True):
    for v in row:
        if v is not None:
            n += 1
print(n)
if n < int(sys.argv[2]):
    sys.exit("openpyxl read only %d cells" % n)
`

// openpyxlRead times Debian's python3-openpyxl reading the same sheet in
// read-only mode; ok is false when it is not installed.
func openpyxlRead(b *testing.B, path string, minCells int) (time.Duration, bool) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		b.Logf("python3-openpyxl not installed (apt-get install python3-openpyxl): no comparison")
		return 0, false
	}
	start := time.Now()
	out, err := exec.Command(py, "-c", openpyxlScript, path, strconv.Itoa(minCells)).CombinedOutput()
	if err != nil {
		b.Fatalf("openpyxl: %v\n%s", err, out)
	}
	return time.Since(start), true
}

// BenchmarkXLSX1M: a million value cells through the whole pipeline
// (extract → Arrow → DuckDB) against a bare excelize read of the same file
// (goal ≤ 1.3×) and against openpyxl's read-only read (goal: faster).
func BenchmarkXLSX1M(b *testing.B) {
	path := workbook(b, 1_000_000)
	var chitieu, bare, py time.Duration
	hasPy := false
	for i := 0; i < b.N; i++ {
		// Two rounds, alternating, and the faster of each: on a shared
		// machine one slow minute must not decide the ratio.
		chitieu, bare = 1<<62, 1<<62
		for round := 0; round < 2; round++ {
			start := time.Now()
			sum := pipelineLoad(b, path)
			chitieu = min(chitieu, time.Since(start))
			if sum.New != 1_000_000 || sum.Rejected != 0 {
				b.Fatalf("loaded %d new, %d rejected; want 1,000,000 and 0", sum.New, sum.Rejected)
			}
			start = time.Now()
			if n := excelizeRead(b, path); n < 5_000_000 {
				b.Fatalf("excelize read %d cells", n)
			}
			bare = min(bare, time.Since(start))
		}
		py, hasPy = openpyxlRead(b, path, 1_000_000)
	}
	b.ReportMetric(chitieu.Seconds(), "chitieu_s")
	b.ReportMetric(bare.Seconds(), "excelize_s")
	b.ReportMetric(chitieu.Seconds()/bare.Seconds(), "x_excelize")
	if hasPy {
		b.ReportMetric(py.Seconds(), "openpyxl_s")
		b.ReportMetric(chitieu.Seconds()/py.Seconds(), "x_openpyxl")
	}
}

// BenchmarkPeakRSS loads each shape in a child process and reports its
// peak resident set (goal: under 200 MB, not growing with the file): the
// long workbooks of 200k and 1M rows (few series, one value a row), the
// wide workbook of 200,000 series × 5 years (one series a row, the shape
// that ran out of memory recording its series, issue 15), and a 1M-row long
// CSV of 50,000 series.
func BenchmarkPeakRSS(b *testing.B) {
	shapes := []struct{ name, path string }{
		{"200k", workbook(b, 200_000)},
		{"1000k", workbook(b, 1_000_000)},
		{"wide200k", wideWorkbook(b, 200_000)},
		{"csv1000k", once(b, "long-1m.csv", func(p string) error { return writeCSV(p, 1_000_000) })},
	}
	for _, shape := range shapes {
		path := shape.path
		var rss, goSys int64 // KiB
		var took time.Duration
		for i := 0; i < b.N; i++ {
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), childEnv+"="+path+"|"+filepath.Join(b.TempDir(), "w.duckdb"))
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				b.Fatalf("child load of %s: %v\n%s", path, err, out)
			}
			took = time.Since(start)
			_, kb, ok := strings.Cut(string(out), "VmHWM ")
			if !ok {
				b.Fatalf("child printed no VmHWM:\n%s", out)
			}
			if rss, err = strconv.ParseInt(strings.Fields(kb)[0], 10, 64); err != nil {
				b.Fatal(err)
			}
			// What the Go runtime took from the OS (heap, stacks): the rest
			// of the peak is DuckDB's, outside the Go heap.
			if _, g, ok := strings.Cut(string(out), "GoSys "); ok {
				goSys, _ = strconv.ParseInt(strings.Fields(g)[0], 10, 64)
			}
		}
		b.ReportMetric(float64(rss)/1024, "MB_peak_"+shape.name)
		b.ReportMetric(float64(goSys)/1024, "MB_go_"+shape.name)
		b.ReportMetric(took.Seconds(), "s_"+shape.name)
	}
}

// writeCSV writes a long CSV of rows distinct observations: 50,000 series
// codes × 100 years, all in Hà Nội.
func writeCSV(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("Mã chỉ tiêu,Địa bàn,Năm,Giá trị\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "S%05d,Hà Nội,%d,%d.%d\n", i%50000, 1925+i/50000, i%9973, i%10)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BenchmarkCSV5M: 5,000,000 rows through chitieu against DuckDB's own
// read_csv into the same observations table (goal ≤ 1.5×).
func BenchmarkCSV5M(b *testing.B) {
	const rows = 5_000_000
	path := once(b, "long-5m.csv", func(p string) error { return writeCSV(p, rows) })
	var chitieu, duck time.Duration = 1 << 62, 1 << 62
	for i := 0; i < b.N*2; i++ { // alternating rounds, the faster of each
		start := time.Now()
		sum := pipelineLoad(b, path)
		chitieu = min(chitieu, time.Since(start))
		if sum.New != rows {
			b.Fatalf("chitieu loaded %d new rows, want %d", sum.New, rows)
		}
		w := openWarehouse(b, true)
		start = time.Now()
		res, err := w.DB().Exec(`INSERT INTO observations
			SELECT 'bench/' || "Mã chỉ tiêu", NULL, '01', 'year', make_date("Năm", 1, 1), make_date("Năm", 12, 31),
			       "Giá trị", NULL, NULL, 'bench', 1, now(), 1, 'row ' || CAST(row_number() OVER () + 1 AS VARCHAR), NULL
			FROM read_csv(?, header = true, columns = {'Mã chỉ tiêu': 'VARCHAR', 'Địa bàn': 'VARCHAR', 'Năm': 'INTEGER', 'Giá trị': 'DOUBLE'})`, path)
		if err != nil {
			b.Fatal(err)
		}
		duck = min(duck, time.Since(start))
		if n, _ := res.RowsAffected(); n != rows {
			b.Fatalf("read_csv inserted %d rows", n)
		}
	}
	b.ReportMetric(chitieu.Seconds(), "chitieu_s")
	b.ReportMetric(duck.Seconds(), "duckdb_s")
	b.ReportMetric(chitieu.Seconds()/duck.Seconds(), "x_duckdb")
}

// observationBatches builds rows observation rows as Arrow batches of the
// canonical schema, as transform hands them to load.
func observationBatches(rows int) []arrow.RecordBatch {
	bld := array.NewRecordBuilder(memory.DefaultAllocator, transform.ObservationSchema)
	defer bld.Release()
	var out []arrow.RecordBatch
	day := arrow.Date32FromTime(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	for i := 0; i < rows; i++ {
		bld.Field(transform.ColSeriesID).(*array.StringBuilder).Append("bench/S" + strconv.Itoa(i%50000))
		bld.Field(transform.ColIndicator).AppendNull()
		bld.Field(transform.ColGeo).(*array.StringBuilder).Append("01")
		bld.Field(transform.ColPeriodKind).(*array.StringBuilder).Append("year")
		bld.Field(transform.ColPeriodStart).(*array.Date32Builder).Append(day + arrow.Date32(i/50000))
		bld.Field(transform.ColPeriodEnd).(*array.Date32Builder).Append(day + arrow.Date32(i/50000))
		bld.Field(transform.ColValue).(*array.Float64Builder).Append(float64(i))
		bld.Field(transform.ColUnit).(*array.StringBuilder).Append("tỷ đồng")
		bld.Field(transform.ColStatus).AppendNull()
		bld.Field(transform.ColSheet).AppendNull()
		bld.Field(transform.ColRow).(*array.Int32Builder).Append(int32(i + 2))
		bld.Field(transform.ColColumn).(*array.StringBuilder).Append("D")
		bld.Field(transform.ColLocator).AppendNull()
		bld.Field(transform.ColRawSeries).(*array.StringBuilder).Append("S" + strconv.Itoa(i%50000))
		bld.Field(transform.ColRawGeo).(*array.StringBuilder).Append("Hà Nội")
		bld.Field(transform.ColRawPeriod).(*array.StringBuilder).Append("2020")
		bld.Field(transform.ColRawValue).(*array.StringBuilder).Append(strconv.Itoa(i))
		bld.Field(transform.ColRejectReason).AppendNull()
		bld.Field(transform.ColCitation).AppendNull()
		if (i+1)%transform.DefaultBatchSize == 0 || i == rows-1 {
			out = append(out, bld.NewRecordBatch())
		}
	}
	return out
}

const stageColumns = `series_id VARCHAR, indicator_code VARCHAR, geo_code VARCHAR, period_kind VARCHAR,
	period_start DATE, period_end DATE, value DOUBLE, unit VARCHAR, obs_status VARCHAR, sheet VARCHAR,
	row_no INTEGER, col VARCHAR, locator VARCHAR, raw_series VARCHAR, raw_geo VARCHAR, raw_period VARCHAR,
	raw_value VARCHAR, reject_reason VARCHAR, citation VARCHAR`

// BenchmarkLoad5M: the same 5,000,000 Arrow rows into a DuckDB table
// through RegisterView + CREATE TABLE AS (the Arrow scan load.Run.Stage
// inserts every payload with) and through the row-wise Appender.
func BenchmarkLoad5M(b *testing.B) {
	const rows = 5_000_000
	batches := observationBatches(rows)
	defer func() {
		for _, r := range batches {
			r.Release()
		}
	}()
	var view, app time.Duration = 1 << 62, 1 << 62
	for i := 0; i < b.N*2; i++ { // alternating rounds, the faster of each
		ctx := context.Background()
		connector, err := duckdb.NewConnector(filepath.Join(b.TempDir(), "load.duckdb"), nil)
		if err != nil {
			b.Fatal(err)
		}
		db := sql.OpenDB(connector)
		conn, err := db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		err = conn.Raw(func(dc any) error {
			ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
			if err != nil {
				return err
			}
			rdr, err := array.NewRecordReader(transform.ObservationSchema, batches)
			if err != nil {
				return err
			}
			defer rdr.Release()
			release, err := ar.RegisterView(rdr, "bench_view")
			if err != nil {
				return err
			}
			defer release()
			if _, err := dc.(driver.ExecerContext).ExecContext(ctx, "CREATE TABLE via_arrow AS SELECT * FROM bench_view", nil); err != nil {
				return err
			}
			_, err = dc.(driver.ExecerContext).ExecContext(ctx, "DROP VIEW bench_view", nil)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		view = min(view, time.Since(start))

		if _, err := conn.ExecContext(ctx, "CREATE TABLE via_appender ("+stageColumns+")"); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		err = conn.Raw(func(dc any) error {
			a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "via_appender")
			if err != nil {
				return err
			}
			vals := make([]driver.Value, len(transform.ObservationSchema.Fields()))
			for _, rec := range batches {
				for r := 0; r < int(rec.NumRows()); r++ {
					for c := range vals {
						vals[c] = cellValue(rec.Column(c), r)
					}
					if err := a.AppendRow(vals...); err != nil {
						return err
					}
				}
			}
			return a.Close()
		})
		if err != nil {
			b.Fatal(err)
		}
		app = min(app, time.Since(start))
		var n1, n2 int64
		conn.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM via_arrow), (SELECT count(*) FROM via_appender)").Scan(&n1, &n2)
		if n1 != rows || n2 != rows {
			b.Fatalf("rows: arrow %d, appender %d", n1, n2)
		}
		conn.Close()
		db.Close()
	}
	b.ReportMetric(view.Seconds(), "registerview_s")
	b.ReportMetric(app.Seconds(), "appender_s")
	b.ReportMetric(app.Seconds()/view.Seconds(), "x_appender_vs_arrow")
}

func cellValue(col arrow.Array, r int) driver.Value {
	if col.IsNull(r) {
		return nil
	}
	switch c := col.(type) {
	case *array.String:
		return c.Value(r)
	case *array.Float64:
		return c.Value(r)
	case *array.Int32:
		return c.Value(r)
	case *array.Date32:
		return c.Value(r).ToTime()
	}
	panic(fmt.Sprintf("column type %s", col.DataType()))
}

// BenchmarkNoopRefresh: the bundled sources run again when nothing
// changed (every payload has the hash of one loaded before): goal < 1 s.
func BenchmarkNoopRefresh(b *testing.B) {
	ctx := context.Background()
	cfg, err := schedules.LoadConfig("../schedules/sources.toml")
	if err != nil {
		b.Fatal(err)
	}
	w := openWarehouse(b, false)
	p := &schedules.Pipeline{Warehouse: w, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if sum, err := p.Run(ctx, cfg, cfg.Sources, "bench", ""); err != nil || sum.New == 0 {
		b.Fatalf("first run: %+v %v", sum, err)
	}
	b.ResetTimer()
	var took time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		sum, err := p.Run(ctx, cfg, cfg.Sources, "bench", "")
		took = time.Since(start)
		if err != nil || sum.New != 0 || sum.SourcesUnchanged != len(cfg.Sources) {
			b.Fatalf("no-op run: %+v %v", sum, err)
		}
	}
	b.ReportMetric(took.Seconds(), "noop_s")
}

// BenchmarkQuery10M: kpi_status over a warehouse of 10,000,000
// observations against a plain aggregate over the same table.
func BenchmarkQuery10M(b *testing.B) {
	ctx := context.Background()
	cfg, err := schedules.LoadConfig("../schedules/sources.toml")
	if err != nil {
		b.Fatal(err)
	}
	w := openWarehouse(b, true)
	p := &schedules.Pipeline{Warehouse: w, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sum, err := p.Run(ctx, cfg, cfg.Sources, "bench", "")
	if err != nil {
		b.Fatal(err)
	}
	// The KPI rows of the bundled reports plus ten million of other series,
	// provinces and years: what the warehouse holds after years of runs.
	if _, err := w.DB().ExecContext(ctx, `INSERT INTO observations
		SELECT 'bench/S' || (i % 100000), NULL, lpad(CAST(1 + i % 63 AS VARCHAR), 2, '0'), 'year',
		       make_date(1925 + CAST(i // 100000 AS INTEGER), 1, 1), make_date(1925 + CAST(i // 100000 AS INTEGER), 12, 31),
		       i * 0.5, 'tỷ đồng', NULL, 'bench', 1, TIMESTAMP '2024-11-25', ?, 'row ' || i
		FROM range(?) t(i)`, sum.RunID, 10_000_000-scalar(b, w, "SELECT count(*) FROM observations")); err != nil {
		b.Fatal(err)
	}
	if n := scalar(b, w, "SELECT count(*) FROM observations"); n != 10_000_000 {
		b.Fatalf("%d observations", n)
	}
	b.ResetTimer()
	var kpi, plain time.Duration = 1 << 62, 1 << 62
	for i := 0; i < b.N*2; i++ { // alternating rounds, the faster of each
		start := time.Now()
		if n := scalar(b, w, "SELECT count(actual) FROM kpi_status"); n == 0 {
			b.Fatal("kpi_status has no actual values")
		}
		kpi = min(kpi, time.Since(start))
		start = time.Now()
		scalar(b, w, `SELECT count(*) FROM (SELECT indicator_code, geo_code, year(period_start), avg(value)
			FROM observations GROUP BY ALL)`)
		plain = min(plain, time.Since(start))
	}
	b.ReportMetric(kpi.Seconds(), "kpi_status_s")
	b.ReportMetric(plain.Seconds(), "aggregate_s")
	b.ReportMetric(kpi.Seconds()/plain.Seconds(), "x_aggregate")
}

func scalar(b *testing.B, w *load.Warehouse, q string) int64 {
	b.Helper()
	var n int64
	if err := w.DB().QueryRow(q).Scan(&n); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
	return n
}
