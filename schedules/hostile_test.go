package schedules_test

// The hostile-input corpus. Every case is a folder under testdata/bad/
// (Telegraf's testcases layout): the input file, expected.err (a substring
// the source's error must contain; empty when the payload is readable and
// only some rows are bad) and expected.out (the run's status and how many
// rows went where), and, for a bug found and not fixed yet, known-bug (the
// wrong outcome seen and why: the case is skipped while exactly that
// outcome persists, and judged again as soon as it changes). Adding a case
// adds files, not code.
//
// The small inputs are written by hostileCorpus below and committed; run
//
//	go test -tags duckdb_arrow ./schedules -run TestHostileCorpus -update
//
// to rewrite them. Big inputs (a zip bomb, a sheet with 16,384 columns or a
// row at 1,048,576) and HTTP failures are made at test time and never
// committed.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/extract/fetch"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"

	"github.com/hanoi-sti/chitieu/vntext"
)

var update = flag.Bool("update", false, "rewrite the committed hostile-input corpus in testdata/bad")

const badDir = "../testdata/bad"

// hostileCase is one bad input and what the pipeline must make of it.
type hostileCase struct {
	name  string
	file  string // input file name (its extension is decoration: kinds are detected)
	input func(testing.TB) []byte
	// wantErr is a substring of the source's error; "" means the payload is
	// readable and its bad rows are rejected one by one.
	wantErr string
	// wantOut is "status=S new=N rejected=R" for the run of this input
	// alone; for failures the warehouse must be unchanged.
	wantOut string
	// knownBug, when set, is "OUTCOME | why": a bug found and not yet fixed.
	// While the run still gives exactly OUTCOME the case is skipped with the
	// explanation; any other outcome (the fix, or a new fault) is judged
	// against wantErr and wantOut as usual.
	knownBug string
}

// hostileCorpus is the committed corpus: small inputs, written by -update.
func hostileCorpus() []hostileCase {
	return []hostileCase{
		{name: "xlsx-truncated", file: "report.xlsx", input: func(tb testing.TB) []byte {
			b := goodReport(tb)
			return b[:len(b)/2]
		}, wantErr: "not a readable xlsx workbook", wantOut: "status=failed new=0 rejected=0"},
		{name: "xlsx-corrupted", file: "report.xlsx", input: func(tb testing.TB) []byte {
			return corrupt(tb, goodReport(tb), 1, 3)
		}, wantErr: "not a readable xlsx workbook", wantOut: "status=failed new=0 rejected=0"},
		{name: "xlsx-corrupted-tail", file: "report.xlsx", input: func(tb testing.TB) []byte {
			// Damage near the end of a bigger sheet: the rows before it read
			// well, so only a check of the whole part can notice.
			return corrupt(tb, bigReport(tb), 4, 5)
		}, wantErr: "not a readable xlsx workbook", wantOut: "status=failed new=0 rejected=0"},
		{name: "xlsx-formula-errors", file: "report.xlsx", input: func(testing.TB) []byte {
			// Cached formula errors, which hold no number and must be
			// rejected with their cells, and a formula saved without a
			// result, which must not be skipped as if it were empty.
			return rawXLSX(rawSheet{name: "Số liệu", rows: []string{
				row(1, "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2022", "2023", "2024"),
				`<row r="2">` + str("A2", "KPI5_INNOVATING_ENT_SHARE") + str("C2", "%") + num("E2", "44") +
					`<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>` + `<c r="G2" t="e"><f>#REF!*2</f><v>#REF!</v></c></row>`,
				`<row r="3">` + str("A3", "KPI6_OCOP_IP_SHARE") + str("C3", "%") + num("E3", "27") + num("F3", "35") +
					`<c r="G3"><f>E3+F3</f></c></row>`,
			}})
			// G3 is computed (27+35 = 62) and loaded.
		}, wantOut: "status=succeeded new=4 rejected=2 reasons=#DIV/0!|#REF!"},
		{name: "xlsx-merged-header", file: "report.xlsx", input: func(testing.TB) []byte {
			// "Năm" merged over the period columns, the years below it: the
			// header band is two rows, and the template wants one.
			return rawXLSX(rawSheet{name: "Số liệu", rows: []string{
				row(1, "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2022", "", ""),
				row(2, "", "", "", "", "", "2023", "2024"),
				row(3, "KPI5_INNOVATING_ENT_SHARE", "", "%", "", "44", "47", "51"),
			}, merges: []string{"A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1"}})
		}, wantOut: "status=succeeded new=1 rejected=4 reasons=unrecognised period"},
		{name: "xlsx-missing-sheet", file: "report.xlsx", input: func(testing.TB) []byte {
			return rawXLSX(rawSheet{name: "Thông tin", rows: []string{
				row(1, "Tên báo cáo", "Báo cáo chỉ tiêu"), row(2, "Ngày báo cáo", "25/11/2024"),
			}})
		}, wantErr: `"Số liệu" sheet`, wantOut: "status=failed new=0 rejected=0"},
		{name: "xlsx-yearbook-merged-header", file: "nien-giam.xlsx", input: func(testing.TB) []byte {
			// A yearbook table (no template): "Năm" merged over the years, a
			// merged label column, and a merged data cell that must not be
			// read as three values.
			return rawXLSX(rawSheet{name: "Bảng 1", rows: []string{
				row(1, "Tổng sản phẩm trên địa bàn theo giá so sánh 2010 (Tỷ đồng)"),
				row(2, "Chỉ tiêu", "Năm"),
				row(3, "", "2022", "2023", "2024"),
				row(4, "Tổng số", "1196", "1286", "1381"),
				row(5, "Nông nghiệp", "27", "28", "29"),
				row(6, "Công nghiệp", "..", "", ""),
			}, merges: []string{"A2:A3", "B2:D2", "B6:D6"}})
		}, wantOut: "status=succeeded new=7 rejected=0"},
		{name: "csv-mixed-encodings", file: "data.csv", input: func(testing.TB) []byte {
			// UTF-8 text with one line typed in Windows-1258 ("Hà Nội" as
			// H\xe0 N\xf4\xf2i, the tone a combining dot below): the file is
			// not valid UTF-8 as a whole.
			return []byte("Chỉ tiêu,Địa bàn,Năm,Giá trị\nGRDP,Hà Nội,2022,1196\nGRDP,Hà Nội,2023,1286\nGRDP,H\xe0 N\xf4\xf2i,2024,1381\n")
		}, wantOut: "status=succeeded new=3 rejected=0"},
		{name: "csv-ragged-rows", file: "data.csv", input: func(testing.TB) []byte {
			return []byte("Chỉ tiêu,Địa bàn,Năm,Giá trị\nGRDP,Hà Nội,2022,1196\nGRDP,Hà Nội,2023\nGRDP,Hà Nội,2024,1381,9999\n")
			// The short row is an observation with no value (status missing);
			// the extra cell is kept as a dimension col5 of its own series.
		}, wantOut: "status=succeeded new=3 rejected=0"},
		{name: "jsonstat-inconsistent-sizes", file: "data.json", input: func(testing.TB) []byte {
			return []byte(`{"version":"2.0","class":"dataset","label":"GRDP","id":["geo","time"],"size":[1,3],
"dimension":{"geo":{"category":{"index":["01"],"label":{"01":"Hà Nội"}}},
"time":{"category":{"index":["2022","2023"]}}},"value":[1,2,3]}`)
		}, wantErr: "inconsistent JSON-stat dataset", wantOut: "status=failed new=0 rejected=0"},
		{name: "sdmx-unknown-dimensions", file: "data.csv", input: func(testing.TB) []byte {
			// A dimension no structure defines (SURVEY_WAVE) is kept as a
			// dimension of the series; an area code nobody knows is kept
			// under the source's own scheme (data:XX-NOWHERE), not guessed.
			return []byte("DATAFLOW,REF_AREA,SURVEY_WAVE,TIME_PERIOD,OBS_VALUE\nGSO:DF_LFS(1.0),VNM,W1,2022,51.7\nGSO:DF_LFS(1.0),VNM,W1,2023,52.4\nGSO:DF_LFS(1.0),XX-NOWHERE,W1,2023,9.9\n")
		}, wantOut: "status=succeeded new=3 rejected=0"},
		{name: "worldbank-error-message", file: "data.json", input: func(testing.TB) []byte {
			return []byte(`[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`)
		}, wantErr: "World Bank API answered with an error message", wantOut: "status=failed new=0 rejected=0"},
		{name: "html-login-page", file: "report.xlsx", input: func(testing.TB) []byte {
			return []byte("<!DOCTYPE html>\n<html lang=\"vi\"><head><title>Đăng nhập</title></head><body><form method=\"post\"><input name=\"user\"><input type=\"password\"></form></body></html>\n")
		}, wantErr: "HTML page", wantOut: "status=failed new=0 rejected=0"},
	}
}

// generatedCases are too big to commit, or cheap to make: built at test time.
func generatedCases() []hostileCase {
	return []hostileCase{
		{name: "xlsx-zip-bomb", file: "bomb.xlsx", input: zipBomb,
			wantErr: "not a readable xlsx workbook", wantOut: "status=failed new=0 rejected=0"},
		{name: "xlsx-16384-columns", file: "wide.xlsx", input: func(testing.TB) []byte {
			// Periods in every column up to XFD, the last one Excel allows;
			// only three hold values.
			cells := []string{"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn"}
			for c := 5; c <= 16384; c++ {
				cells = append(cells, strconv.Itoa(1900+c%127)) // E 1905, XFC 1900, XFD 1901
			}
			h := row(1, cells...)
			return rawXLSX(rawSheet{name: "Số liệu", rows: []string{h,
				`<row r="2">` + str("A2", "KPI5_INNOVATING_ENT_SHARE") + num("E2", "40") + num("XFC2", "41") + num("XFD2", "42") + `</row>`}})
		}, wantOut: "status=succeeded new=3 rejected=0"},
		{name: "xlsx-row-1048576", file: "tall.xlsx", input: func(testing.TB) []byte {
			// A value in the last row a sheet can have, far below the others.
			return rawXLSX(rawSheet{name: "Số liệu", rows: []string{
				row(1, "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2023"),
				row(2, "KPI5_INNOVATING_ENT_SHARE", "", "%", "", "47"),
				row(1048576, "KPI6_OCOP_IP_SHARE", "", "%", "", "35"),
			}})
		}, wantOut: "status=succeeded new=2 rejected=0"},
		{name: "xlsx-row-beyond-1048576", file: "taller.xlsx", input: func(testing.TB) []byte {
			return rawXLSX(rawSheet{name: "Số liệu", rows: []string{
				row(1, "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2023"),
				row(2, "KPI5_INNOVATING_ENT_SHARE", "", "%", "", "47"),
				row(1048577, "KPI6_OCOP_IP_SHARE", "", "%", "", "35"),
			}})
		}, wantErr: "row number exceeds maximum limit", wantOut: "status=failed new=0 rejected=0"},
	}
}

// httpCases are served by an httptest server to a URL source.
type httpCase struct {
	name, wantErr string
	handler       http.HandlerFunc
}

func httpCases() []httpCase {
	hijack := func(w http.ResponseWriter, raw string) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}
	return []httpCase{
		{name: "http-10GB-content-length", wantErr: "too large", handler: func(w http.ResponseWriter, r *http.Request) {
			hijack(w, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 10737418240\r\n\r\nChỉ tiêu,Năm,Giá trị\nGRDP,2023,1\n")
		}},
		{name: "http-stops-mid-body", wantErr: "truncated", handler: func(w http.ResponseWriter, r *http.Request) {
			hijack(w, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 4000\r\n\r\nChỉ tiêu,Năm,Giá trị\nGRDP,2022,1196\nGRDP,20")
		}},
		{name: "http-login-page", wantErr: "HTML page", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<html><head><title>Cổng thông tin – Đăng nhập</title></head><body><form></form></body></html>")
		}},
	}
}

// TestHostileCorpus walks testdata/bad and the generated cases. For each:
// a clear error naming the source and file, nothing of the bad part loaded,
// and the run history saying what happened.
func TestHostileCorpus(t *testing.T) {
	if *update {
		writeCorpus(t)
	}
	ctx := context.Background()
	w := openWarehouse(t)
	p := &schedules.Pipeline{Warehouse: w, Now: func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }}
	// Something good in the warehouse first, that no bad input may disturb.
	good := filepath.Join(t.TempDir(), "good.xlsx")
	os.WriteFile(good, goodReport(t), 0o644)
	if sum, err := p.LoadFiles(ctx, []string{good}, "baseline", false); err != nil || sum.Status != "succeeded" {
		t.Fatalf("baseline: %+v %v", sum, err)
	}

	dirs, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatalf("%v (run with -update to write the corpus)", err)
	}
	committed := map[string]bool{}
	for _, c := range hostileCorpus() {
		committed[c.name] = true
	}
	seen := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		// A folder that hostileCorpus does not write is a case written by
		// hand; it is walked like the others.
		if committed[d.Name()] {
			seen++
		}
		dir := filepath.Join(badDir, d.Name())
		t.Run(d.Name(), func(t *testing.T) {
			wantErr, err1 := os.ReadFile(filepath.Join(dir, "expected.err"))
			wantOut, err2 := os.ReadFile(filepath.Join(dir, "expected.out"))
			inputs, _ := filepath.Glob(filepath.Join(dir, "input.*"))
			if err1 != nil || err2 != nil || len(inputs) != 1 {
				t.Fatalf("case folder needs expected.err, expected.out and one input.*: %v %v %v", err1, err2, inputs)
			}
			bug, _ := os.ReadFile(filepath.Join(dir, "known-bug"))
			checkHostile(t, p, w, inputs[0], d.Name(), strings.TrimSpace(string(wantErr)), strings.TrimSpace(string(wantOut)), strings.TrimSpace(string(bug)))
		})
	}
	if seen != len(committed) {
		t.Errorf("%d of the %d cases of hostileCorpus have a folder in testdata/bad (run -update)", seen, len(committed))
	}

	for _, c := range generatedCases() {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(path, c.input(t), 0o644); err != nil {
				t.Fatal(err)
			}
			checkHostile(t, p, w, path, c.name, c.wantErr, c.wantOut, c.knownBug)
		})
	}

	for _, c := range httpCases() {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.handler)
			defer srv.Close()
			hp := *p
			hp.Fetch = &fetch.Client{Retries: -1, Timeout: 10 * time.Second}
			before := dataCounts(t, w)
			src := schedules.SourceDef{Name: c.name, URL: srv.URL + "/data.csv"}
			sum, err := hp.Run(ctx, &schedules.Config{}, []schedules.SourceDef{src}, "hostile", "")
			if err != nil {
				t.Fatal(err)
			}
			checkFailed(t, w, sum, before, c.name, srv.URL, c.wantErr)
		})
	}
}

func checkHostile(t *testing.T, p *schedules.Pipeline, w *load.Warehouse, path, source, wantErr, wantOut, knownBug string) {
	t.Helper()
	before := dataCounts(t, w)
	obs0, rej0 := scalar(t, w, "SELECT count(*) FROM observations"), scalar(t, w, "SELECT count(*) FROM rejected_rows")
	sum, err := p.LoadFiles(context.Background(), []string{path}, source, false)
	if err != nil {
		t.Fatalf("LoadFiles: %v", err)
	}
	if wantErr != "" {
		checkFailed(t, w, sum, before, source, path, wantErr)
		return
	}
	st := sum.Sources[0]
	if st.Err != nil {
		t.Fatalf("error %v, want the payload read and its bad rows rejected", st.Err)
	}
	got := fmt.Sprintf("status=%s new=%d rejected=%d", sum.Status, sum.New, sum.Rejected)
	if bugOut, why, ok := strings.Cut(knownBug, " | "); ok && got == strings.TrimSpace(bugOut) {
		t.Skipf("KNOWN BUG, not fixed yet: %s (got %s, want %s)", why, got, wantOut)
	}
	want, reasons, _ := strings.Cut(wantOut, " reasons=")
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if sum.Read != sum.Loaded+sum.Rejected {
		t.Errorf("rows read %d ≠ loaded %d + rejected %d", sum.Read, sum.Loaded, sum.Rejected)
	}
	if d := scalar(t, w, "SELECT count(*) FROM observations") - obs0; d != sum.New {
		t.Errorf("observations grew by %d, the summary says %d new", d, sum.New)
	}
	if d := scalar(t, w, "SELECT count(*) FROM rejected_rows") - rej0; d != sum.Rejected {
		t.Errorf("rejected_rows grew by %d, the summary says %d", d, sum.Rejected)
	}
	// Every rejected row names its file and cell and says why.
	rows, err := w.DB().Query(`SELECT file, coalesce(sheet, ''), coalesce(col, ''), coalesce(row_no, 0), coalesce(raw_value, ''), reason
		FROM rejected_rows WHERE run_id = ?`, sum.RunID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []string
	for rows.Next() {
		var file, sheet, col, raw, reason string
		var n int
		if err := rows.Scan(&file, &sheet, &col, &n, &raw, &reason); err != nil {
			t.Fatal(err)
		}
		if file != path || n == 0 || reason == "" {
			t.Errorf("rejected row without its place: file %q row %d col %q reason %q", file, n, col, reason)
		}
		all = append(all, raw+": "+reason)
	}
	if reasons != "" {
		for _, r := range strings.Split(reasons, "|") {
			if !strings.Contains(strings.Join(all, "\n"), r) {
				t.Errorf("no rejected row mentions %q; rejected:\n%s", r, strings.Join(all, "\n"))
			}
		}
	}
}

// checkFailed asserts a failed payload: the error names the source and
// where it came from, the warehouse data are unchanged, and the run history
// and the sources table say why.
func checkFailed(t *testing.T, w *load.Warehouse, sum *load.Summary, before, source, where, wantErr string) {
	t.Helper()
	if sum.Status != "failed" || len(sum.Sources) != 1 || sum.Sources[0].Err == nil {
		t.Fatalf("status %s, sources %d; want one failed source", sum.Status, len(sum.Sources))
	}
	msg := sum.Sources[0].Err.Error()
	if !strings.Contains(msg, wantErr) || !strings.Contains(msg, where) {
		t.Errorf("error %q; want it to contain %q and name %s", msg, wantErr, where)
	}
	if !strings.Contains(msg, source) && !strings.Contains(where, source) {
		t.Errorf("error %q does not name the source %s", msg, source)
	}
	if after := dataCounts(t, w); after != before {
		t.Errorf("the warehouse changed: %s → %s", before, after)
	}
	var runMsg, srcErr, status string
	if err := w.DB().QueryRow(`SELECT r.message, s.error, s.status FROM etl_runs r JOIN sources s USING (run_id) WHERE run_id = ?`,
		sum.RunID).Scan(&runMsg, &srcErr, &status); err != nil {
		t.Fatalf("run history: %v", err)
	}
	if !strings.Contains(runMsg, wantErr) || !strings.Contains(srcErr, wantErr) || status != "failed" {
		t.Errorf("run history: message %q, source error %q, status %s; want both to contain %q", runMsg, srcErr, status, wantErr)
	}
}

func writeCorpus(t *testing.T) {
	for _, c := range hostileCorpus() {
		dir := filepath.Join(badDir, c.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(dir, "input.*"))
		for _, f := range old {
			os.Remove(f)
		}
		body := c.input(t)
		if len(body) > 200<<10 {
			t.Fatalf("%s: %d bytes is too big to commit; generate it in generatedCases", c.name, len(body))
		}
		files := map[string][]byte{
			"input" + filepath.Ext(c.file): body,
			"expected.err":                 []byte(c.wantErr + "\n"),
			"expected.out":                 []byte(c.wantOut + "\n"),
		}
		os.Remove(filepath.Join(dir, "known-bug"))
		if c.knownBug != "" {
			files["known-bug"] = []byte(c.knownBug + "\n")
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// goodReport is a small valid agency report.
func goodReport(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN",
		Date: time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC), Periods: []string{"2022", "2023", "2024"},
		Rows: []excel.ReportRow{
			{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, 47.0, 51.0}},
			{Code: "KPI6_OCOP_IP_SHARE", Unit: "%", Values: []any{27.0, 35.0, 41.0}},
		}})
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// bigReport is a valid report of 252 rows by 25 years.
func bigReport(tb testing.TB) []byte {
	tb.Helper()
	r := excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Date: time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC)}
	for y := 2000; y <= 2024; y++ {
		r.Periods = append(r.Periods, strconv.Itoa(y))
	}
	for _, code := range []string{"KPI3_HITECH_AGRI_SHARE", "KPI4_DIGITAL_ECON_SHARE", "KPI5_INNOVATING_ENT_SHARE", "KPI6_OCOP_IP_SHARE"} {
		for i, prov := range vntext.Provinces {
			row := excel.ReportRow{Code: code, Unit: "%", Geo: prov.Name}
			for j := range r.Periods {
				row.Values = append(row.Values, float64((i*31+j*7)%100))
			}
			r.Rows = append(r.Rows, row)
		}
	}
	var buf bytes.Buffer
	if err := excel.WriteReport(&buf, r); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// corrupt flips 16 bytes at num/den of the compressed data sheet of a
// report: the zip directory is intact, the sheet is not.
func corrupt(tb testing.TB, b []byte, num, den int64) []byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet2.xml" {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			tb.Fatal(err)
		}
		at := off + int64(f.CompressedSize64)*num/den
		for i := at; i < at+16; i++ {
			b[i] ^= 0x5a
		}
		return b
	}
	tb.Fatal("no sheet2.xml in the report")
	return nil
}

// zipBomb is a workbook whose one sheet inflates to 2 GiB of blanks from
// about 2 MB. The deflate stream is one compressed MiB repeated, so making
// it costs milliseconds.
func zipBomb(tb testing.TB) []byte {
	tb.Helper()
	const chunk, chunks = 1 << 20, 2048
	blank := bytes.Repeat([]byte(" "), chunk)
	var seg bytes.Buffer
	fw, _ := flate.NewWriter(&seg, flate.BestCompression)
	fw.Write(blank)
	fw.Flush() // byte-aligned, self-contained: can be repeated
	segment := bytes.Clone(seg.Bytes())
	head := []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	tail := []byte(`</sheetData></worksheet>`)
	var data bytes.Buffer
	hw, _ := flate.NewWriter(&data, flate.NoCompression)
	hw.Write(head)
	hw.Flush()
	for i := 0; i < chunks; i++ {
		data.Write(segment)
	}
	tw, _ := flate.NewWriter(&data, flate.NoCompression)
	tw.Write(tail)
	tw.Close()
	crc := crc32.NewIEEE()
	crc.Write(head)
	for i := 0; i < chunks; i++ {
		crc.Write(blank)
	}
	crc.Write(tail)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range skeleton([]string{"Số liệu"}) {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(data.Len()), UncompressedSize64: uint64(len(head) + chunk*chunks + len(tail))})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	return buf.Bytes()
}

// rawSheet is a worksheet written as XML by hand, for what excelize will not
// write: cached formula errors, formulas without results, rows past the end.
type rawSheet struct {
	name   string
	rows   []string // <row> elements
	merges []string // merged ranges, "E1:G1"
}

func rawXLSX(sheets ...rawSheet) []byte {
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = s.name
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := skeleton(names)
	for i, s := range sheets {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for _, r := range s.rows {
			b.WriteString(r)
		}
		b.WriteString(`</sheetData>`)
		if len(s.merges) > 0 {
			fmt.Fprintf(&b, `<mergeCells count="%d">`, len(s.merges))
			for _, m := range s.merges {
				fmt.Fprintf(&b, `<mergeCell ref="%s"/>`, m)
			}
			b.WriteString(`</mergeCells>`)
		}
		b.WriteString(`</worksheet>`)
		files[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = b.String()
	}
	// A fixed order and time keep the committed files identical across -update.
	order := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
	for i := range sheets {
		order = append(order, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
	}
	for _, name := range order {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		w.Write([]byte(files[name]))
	}
	zw.Close()
	return buf.Bytes()
}

// skeleton is the package parts of a workbook with the named sheets, except
// the sheets themselves.
func skeleton(sheets []string) map[string]string {
	var ct, wb, rels strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, name := range sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	return map[string]string{
		"[Content_Types].xml":        ct.String(),
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            wb.String(),
		"xl/_rels/workbook.xml.rels": rels.String(),
	}
}

// row writes cells from column A on: numbers as numbers, the rest as
// inline strings, empty strings as no cell.
func row(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		if c == "" {
			continue
		}
		ref := colName(i+1) + strconv.Itoa(n)
		if _, err := strconv.ParseFloat(c, 64); err == nil && !strings.HasPrefix(c, "0") {
			b.WriteString(num(ref, c))
		} else {
			b.WriteString(str(ref, c))
		}
	}
	b.WriteString(`</row>`)
	return b.String()
}

func str(ref, s string) string {
	var esc bytes.Buffer
	bw := bufio.NewWriter(&esc)
	for _, r := range s {
		switch r {
		case '<':
			bw.WriteString("&lt;")
		case '&':
			bw.WriteString("&amp;")
		default:
			bw.WriteRune(r)
		}
	}
	bw.Flush()
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + esc.String() + `</t></is></c>`
}

func num(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }

func colName(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}
