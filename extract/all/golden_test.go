package all_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// The golden tests pin down, for every format chitieu decodes, the canonical
// rows that reach the warehouse: each input below goes through content
// detection, its decoder and the normaliser (transform.Start), and every row
// of ObservationSchema — accepted and rejected alike — is compared, column
// by column, with testdata/golden/<input>.<decoder>.tsv. A change in a
// decoder or a parser that moves one value, one status or one origin shows
// up here as a diff a reviewer can read. After an intended change:
//
//	go test -tags duckdb_arrow ./extract/all -run TestGolden -update
//
// and read the diff of the golden files before committing them.
//
// Inputs are only files the project made itself (bundled samples, decoder
// test files, the hostile-input corpus, and the small files in
// testdata/inputs written for this test), never real public data.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenFetchedAt is the fetch time of every payload: the normaliser refuses
// years after the fetch year, so it must not follow the clock.
var goldenFetchedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// refused is the goldenCase.decoder of an input that is not data: Detect
// must refuse it, and its golden file holds the reason given.
const refused = "refused"

// goldenCase is one input file and what the pipeline would know about it.
type goldenCase struct {
	path    string // relative to this package's folder
	decoder string // the decoder extract.Detect must choose, or refused
	source  string // configured source name: it prefixes series ids and selects series_map entries
	geo     string // the source's default geography (sources.toml geo), "" for none
	name    string // base of the golden file name when the input's own is not unique; "" = the input's
}

var goldenCases = []goldenCase{
	// The bundled sample sources, under their names in schedules/sources.toml.
	{path: "../../testdata/sample/bao-cao-skhdt-2024.xlsx", decoder: "xlsx", source: "skhdt-report"},
	{path: "../../testdata/sample/bao-cao-snnptnt-2024.xlsx", decoder: "xlsx", source: "snnptnt-report"},
	{path: "../../testdata/sample/bao-cao-skhcn-2024.xlsx", decoder: "xlsx", source: "skhcn-report"},
	{path: "../../testdata/sample/ngtk-ha-noi-dan-so-quan-huyen-2024.xlsx", decoder: "xlsx", source: "hn-districts-xlsx", geo: "01"},
	{path: "../../testdata/sample/ngtk-ha-noi-doanh-nghiep-2015-2019.xls", decoder: "xls", source: "hn-enterprises-xls", geo: "01"},
	{path: "../../testdata/sample/gso-pxweb-trained-workers-by-province.csv", decoder: "csv", source: "gso-trained-csv"},
	{path: "../../testdata/sample/gso-pxweb-thu-nhap-binh-quan.json", decoder: "jsonstat", source: "gso-income-jsonstat"},
	{path: "../../testdata/sample/gso-ty-le-that-nghiep.px", decoder: "px", source: "gso-unemployment-px"},
	{path: "../../testdata/sample/ilostat-vnm-employment.csv", decoder: "sdmx", source: "ilo-employment-sdmx"},
	{path: "../../testdata/sample/worldbank-vnm-gdp-per-person-employed.json", decoder: "worldbank", source: "wb-vnm-productivity"},

	// Files the decoders' own tests were written against.
	{path: "../csv/testdata/labour-force-cp1258.csv", decoder: "csv", source: "golden"},
	{path: "../sdmx/testdata/generic21.xml", decoder: "sdmx", source: "golden"},
	{path: "../sdmx/testdata/structurespecific_flat.xml", decoder: "sdmx", source: "golden"},

	// Members of the hostile-input corpus that load, with rejections.
	{path: "../../testdata/bad/xlsx-formula-errors/input.xlsx", decoder: "xlsx", source: "golden", name: "bad-xlsx-formula-errors"},
	{path: "../../testdata/bad/xlsx-merged-header/input.xlsx", decoder: "xlsx", source: "golden", name: "bad-xlsx-merged-header"},
	{path: "../../testdata/bad/csv-ragged-rows/input.csv", decoder: "csv", source: "golden", name: "bad-csv-ragged-rows"},
	{path: "../../testdata/bad/sdmx-unknown-dimensions/input.csv", decoder: "sdmx", source: "golden", name: "bad-sdmx-unknown-dimensions"},

	// Small files written for this test, each with the quirks of its format.
	// PX-Web json: symbols "..", "-", "x" for values, "Sơ bộ 2024", two
	// contents columns with units, a NUL byte after the JSON.
	{path: "testdata/inputs/thu-nhap-lao-dong-pxweb.json", decoder: "pxweb-json", source: "golden"},
	// JSON-stat 2.0: positional category codes, sparse values, a string
	// value with a decimal comma, an exponent, status flags.
	{path: "testdata/inputs/ho-ket-noi-internet-jsonstat2.json", decoder: "jsonstat", source: "golden"},
	// JSON-stat 2.0 as CSO Ireland writes "size" (strings) with null values
	// flagged "." as Statistics Norway does (not applicable: missing, not
	// rejected), "..", and a "p" status on a value.
	{path: "testdata/inputs/nha-o-jsonstat-size-chuoi.json", decoder: "jsonstat", source: "golden"},
	// PX: quarters, CONTVARIABLE with units per content, quoted and bare
	// data symbols, strings continued over two lines.
	{path: "testdata/inputs/von-dau-tu-theo-quy.px", decoder: "px", source: "golden"},
	// CSV: UTF-16LE with BOM, tabs, long layout with code, label, place,
	// period, value, unit and status columns; Vietnamese number formats,
	// unit conversion through series_map, rows that must be rejected, and
	// a second GRDP_CONST 2023 value: duplicates within a payload pass the
	// stream as accepted rows, and staging in DuckDB rejects them
	// (sql/load/dedupe.sql).
	{path: "testdata/inputs/chi-tieu-dau-vao-utf16.csv", decoder: "csv", source: "golden"},
	// A GSO PX-Web CSV saved through Windows-1252: Vietnamese letters
	// outside that code page are "?" ("Hà N?i", "So b? 2022", "Ð?a
	// phuong"), ơ/ư/đ best-fitted to o/u/Ð. Places are matched by the
	// letters left, the period words restored; the title stays damaged.
	{path: "testdata/inputs/grdp-dia-phuong-cp1252-mat-dau.csv", decoder: "csv", source: "golden"},
	// SDMX-CSV 2.0: ';' separator, decimal comma, UNIT_MULT 9, OBS_STATUS
	// flags, a comment with a line break, an ACTION D row.
	{path: "testdata/inputs/chi-nghien-cuu-sdmx2.csv", decoder: "sdmx", source: "golden"},
	// SDMX-CSV 2.0 in full, after the specification's examples: two
	// measures (MEAS_CURRENT, MEAS_CONSTANT prices: one series each), rows of a
	// dataflow, a data structure and a provision agreement in one file,
	// each leaving the others' columns empty, a row of attributes for a
	// partial key (no measure: rejected with the reason) and a delete.
	{path: "testdata/inputs/tong-san-pham-sdmx-csv2-nhieu-cau-truc.csv", decoder: "sdmx", source: "golden"},
	// SDMX-JSON 1.0: series keys, null values, observation attributes by
	// index, a string value with a decimal comma.
	{path: "testdata/inputs/lao-dong-sdmx-json10.json", decoder: "sdmx", source: "golden"},
	// World Bank v2: null value, an exponent, obs_status, a regional
	// aggregate and a row without an ISO3 code.
	{path: "testdata/inputs/worldbank-tang-truong.json", decoder: "worldbank", source: "golden"},

	// World Bank DataBank's Excel download: a "Data" sheet of Country
	// Name | Country Code | Series Name | Series Code | 2019 [YR2019] …,
	// ".." for missing, a regional aggregate, the footer with the database
	// and its "Last Updated" date (the vintage), and the two metadata sheets
	// that hold no data.
	{path: "testdata/inputs/databank-wdi-vnm-tha.xlsx", decoder: "xlsx", source: "golden"},

	// Files that are not data, refused with a reason rather than read as a
	// table of nothing. Markdown notes (headings, a list, a table, prose
	// with commas) and an XHTML error page whose <style> block pushes
	// <body> past the first 512 bytes.
	{path: "testdata/inputs/ghi-chu-nguon-du-lieu.md", decoder: refused, source: "golden"},
	{path: "testdata/inputs/loi-may-chu-xhtml.html", decoder: refused, source: "golden"},

	// Published figures: a first estimate and the revised figure of one
	// year (two series), two methods, a decimal comma, "Sơ bộ 2024", a
	// month or a year as the page's date, and rows that must be rejected
	// (an unknown indicator code, no quote, an unknown place).
	{path: "testdata/inputs/published-figures.tsv", decoder: "published", source: "golden"},
}

// TestGolden compares the canonical rows of every input with its golden
// file, and fails when a registered decoder has no input at all: a new
// format cannot be added without golden rows of its own.
func TestGolden(t *testing.T) {
	ref, err := plan.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases
	// Every file written for this test must be in goldenCases.
	inputs, err := filepath.Glob(filepath.Join("testdata", "inputs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if !slices.ContainsFunc(cases, func(c goldenCase) bool { return filepath.Clean(c.path) == in }) {
			t.Errorf("%s is not in goldenCases", in)
		}
	}

	covered := map[string]int{}
	want := map[string]bool{} // golden files the cases own
	for _, c := range cases {
		base := c.name
		if base == "" {
			base = strings.TrimSuffix(filepath.Base(c.path), filepath.Ext(c.path))
		}
		golden := filepath.Join("testdata", "golden", base+"."+c.decoder+".tsv")
		if want[golden] {
			t.Errorf("%s: golden file %s is also another input's; give the case a name", c.path, golden)
			continue
		}
		want[golden] = true
		covered[c.decoder]++
		t.Run(filepath.Base(golden), func(t *testing.T) {
			got := renderGolden(t, ref, c)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			old, err := os.ReadFile(golden)
			if errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("%s missing: run go test -tags duckdb_arrow ./extract/all -run TestGolden -update and check the file by eye", golden)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, old) {
				t.Errorf("%s: canonical rows differ from %s (-golden +now); if the change is intended, rerun with -update\n%s",
					c.path, golden, lineDiff(string(old), string(got), 12))
			}
		})
	}

	var missing []string
	for _, n := range extract.Names() {
		if covered[n] == 0 {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Errorf("registered decoders without a golden input: %s (write a small file of each to testdata/inputs and add it to goldenCases)",
			strings.Join(missing, ", "))
	}

	// A golden file no case writes is left over from a removed input.
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if want[f] {
			continue
		}
		if *update {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s belongs to no input (rerun with -update to remove it)", f)
	}
}

// renderGolden runs one input through detection and the normaliser and
// renders its canonical rows as TSV: the column names, one line per row,
// then what the decoder said about the payload and the stream's counts.
func renderGolden(t *testing.T, ref *plan.Reference, c goldenCase) []byte {
	t.Helper()
	p, err := extract.FilePayload(c.source, c.path, goldenFetchedAt, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := extract.Detect(p)
	if c.decoder == refused {
		if err == nil {
			t.Fatalf("detected as %q, want it refused", dec.Name())
		}
		if !errors.Is(err, extract.ErrUnknownFormat) {
			t.Errorf("refused with %v, want an error wrapping extract.ErrUnknownFormat", err)
		}
		return []byte("# refused\t" + escapeTSV(err.Error()) + "\n")
	}
	if err != nil {
		t.Fatalf("detect: %v", err)
	}
	if dec.Name() != c.decoder {
		t.Fatalf("detected as %q, want %q", dec.Name(), c.decoder)
	}
	// A small batch size puts most inputs across several batches, so the
	// rendering also checks that no row is lost or repeated between them.
	s := transform.Start(t.Context(), dec, p, transform.Config{Ref: ref, DefaultGeo: c.geo, BatchSize: 16})
	defer s.Release()

	var b strings.Builder
	schema := transform.ObservationSchema
	for i, f := range schema.Fields() {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f.Name)
	}
	b.WriteByte('\n')
	rows := 0
	for s.Next() {
		rec := s.RecordBatch()
		if !rec.Schema().Equal(schema) {
			t.Fatalf("batch schema %v, want transform.ObservationSchema", rec.Schema())
		}
		for r := 0; r < int(rec.NumRows()); r++ {
			for col := 0; col < int(rec.NumCols()); col++ {
				if col > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(goldenCell(t, rec.Column(col), r))
			}
			b.WriteByte('\n')
			rows++
		}
	}
	if err := s.Err(); err != nil {
		t.Fatalf("stream: %v", err)
	}
	if err := s.Wait(); err != nil {
		t.Fatalf("decode: %v", err)
	}
	st := s.Stats()
	if st.Read != int64(rows) || st.Read != st.Accepted+st.Rejected {
		t.Errorf("stats %+v for %d rows rendered: rows in must equal accepted + rejected", st, rows)
	}
	info := s.Info()
	vintage := ""
	if !info.Vintage.IsZero() {
		vintage = info.Vintage.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "# info\ttitle=%s\tpublisher=%s\tvintage=%s\tdefault_geo=%s\tsample=%t\tknown_series_only=%t\tdecimal_comma=%t\n",
		escapeTSV(info.Title), escapeTSV(info.Publisher), vintage, escapeTSV(info.DefaultGeo), info.Sample, info.KnownSeriesOnly, info.DecimalComma)
	fmt.Fprintf(&b, "# stats\tread=%d\taccepted=%d\trejected=%d\tmissing=%d\n", st.Read, st.Accepted, st.Rejected, st.Missing)
	return []byte(b.String())
}

// goldenCell renders one cell: dates as YYYY-MM-DD, floats in the shortest
// form that reads back exactly, nulls as nothing.
func goldenCell(t *testing.T, col arrow.Array, i int) string {
	if col.IsNull(i) {
		return ""
	}
	switch a := col.(type) {
	case *array.String:
		return escapeTSV(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	}
	t.Fatalf("golden rendering knows no column type %s: teach goldenCell it", col.DataType())
	return ""
}

var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func escapeTSV(s string) string { return tsvEscaper.Replace(s) }

// lineDiff shows how two texts differ, line by line, in the manner of a
// unified diff: removed lines with "-", added lines with "+", one line of
// context around each change, and no more than limit changed lines.
func lineDiff(old, now string, limit int) string {
	a := strings.Split(strings.TrimSuffix(old, "\n"), "\n")
	b := strings.Split(strings.TrimSuffix(now, "\n"), "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:]; golden files are small enough for the quadratic table.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		sign byte // ' ', '-' or '+'
		line string
		at   int // line number in the golden file for ' ' and '-', in the new text for '+'
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i + 1})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i], i + 1})
			i++
		default:
			ops = append(ops, op{'+', b[j], j + 1})
			j++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "golden %d lines, now %d\n", len(a), len(b))
	shown, changed, last := 0, 0, -1
	for k, o := range ops {
		if o.sign == ' ' {
			continue
		}
		changed++
		if shown == limit {
			continue
		}
		if k-1 > last && k > 0 && ops[k-1].sign == ' ' { // context before
			if k-1 > last+1 {
				fmt.Fprintf(&out, "@@ line %d\n", ops[k-1].at)
			}
			out.WriteString("  " + ops[k-1].line + "\n")
		}
		fmt.Fprintf(&out, "%c %s\n", o.sign, o.line)
		shown++
		last = k
		if k+1 < len(ops) && ops[k+1].sign == ' ' { // context after
			out.WriteString("  " + ops[k+1].line + "\n")
			last = k + 1
		}
	}
	if changed > shown {
		fmt.Fprintf(&out, "… and %d more changed lines\n", changed-shown)
	}
	return out.String()
}
