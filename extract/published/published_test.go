package published

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

const head = Magic + "\n# a comment\nindicator\tgeo\tyear\tvalue\tunit\tpublisher\tmethod\tstatus\tpublished\turl\tquote\tnote\n"

func line(fields ...string) string { return strings.Join(fields, "\t") + "\n" }

// TestFigures: one line per case, in the style of encoding/csv's tests:
// what the row becomes (series, dimensions, status, citation) or why it is
// rejected.
func TestFigures(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		series     string // "" for a rejected row
		dims       string
		status     string
		cite       Citation
		reject     string
	}{
		{name: "FirstEstimate",
			line:   line("GRDP_CONST_GROWTH", "Hà Nội", "2023", "6.11", "%", "UBND", "", "first estimate", "2023-11-26", "https://example.vn/a", "GRDP năm 2023 ước tính tăng 6,11%", ""),
			series: "GRDP_CONST_GROWTH", dims: "publisher=UBND status=first estimate", status: "e",
			cite: Citation{Publisher: "UBND", URL: "https://example.vn/a", Published: "2023-11-26", Quote: "GRDP năm 2023 ước tính tăng 6,11%", Status: "first estimate"}},
		{name: "MethodMonthDate",
			line:   line("KPI4_DIGITAL_ECON_SHARE", "Việt Nam", "2022", "14.26", "%", "MIC", "MIC", "", "2024-11", "http://example.vn/b", "… 14,26%", "a note"),
			series: "KPI4_DIGITAL_ECON_SHARE", dims: "method=MIC publisher=MIC",
			cite: Citation{Publisher: "MIC", URL: "http://example.vn/b", Published: "2024-11", Quote: "… 14,26%", Method: "MIC", Note: "a note"}},
		{name: "NoDate",
			line:   line("EMPLOYED", "01", "2020", "4042", "nghìn người", "NSO", "", "Revised", "", "https://x.vn", "q", ""),
			series: "EMPLOYED", dims: "publisher=NSO status=revised",
			cite: Citation{Publisher: "NSO", URL: "https://x.vn", Quote: "q", Status: "revised"}},
		{name: "NoQuote", line: line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "", "", "https://x.vn", "", ""), reject: "quoted sentence"},
		{name: "NoURL", line: line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "", "", "", "q", ""), reject: "page's address"},
		{name: "NotHTTP", line: line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "", "", "www.x.vn", "q", ""), reject: "not an http(s) address"},
		{name: "BadDate", line: line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "", "26/11/2023", "https://x.vn", "q", ""), reject: `published "26/11/2023" is not a date`},
		{name: "BadStatus", line: line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "rumour", "", "https://x.vn", "q", ""), reject: `status "rumour"`},
		{name: "TooFewFields", line: line("EMPLOYED", "01", "2020", "1"), reject: "4 fields, but the header names 12"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := extracttest.Decode(t, Decoder{}, "f.tsv", []byte(head+tt.line))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Rows) != 1 {
				t.Fatalf("%d rows, want 1", len(s.Rows))
			}
			r := s.Rows[0]
			if r.Origin.Row != 4 || r.Origin.URI != "f.tsv" {
				t.Errorf("origin %+v, want f.tsv row 4", r.Origin)
			}
			if tt.reject != "" {
				if !strings.Contains(r.Reject, tt.reject) || r.Citation != "" {
					t.Errorf("reject %q (citation %q), want one saying %q", r.Reject, r.Citation, tt.reject)
				}
				return
			}
			if r.Reject != "" || r.Series != tt.series || r.Status != tt.status || dims(r) != tt.dims {
				t.Errorf("got series %q dims %q status %q reject %q; want %q %q %q", r.Series, dims(r), r.Status, r.Reject, tt.series, tt.dims, tt.status)
			}
			var c Citation
			if err := json.Unmarshal([]byte(r.Citation), &c); err != nil || c != tt.cite {
				t.Errorf("citation %s (%v), want %+v", r.Citation, err, tt.cite)
			}
		})
	}
}

func dims(r extract.RawRow) string {
	var out []string
	for _, k := range []string{"method", "publisher", "status"} {
		if v, ok := r.Dims[k]; ok {
			out = append(out, k+"="+v)
		}
	}
	return strings.Join(out, " ")
}

// TestFileErrors: a file that is not a table of published figures is
// refused whole, with an error naming the file and line.
func TestFileErrors(t *testing.T) {
	for name, c := range map[string]struct{ body, want string }{
		"no magic":       {"indicator\tgeo\n", "the first line must be"},
		"unknown column": {Magic + "\nindicator\tgeo\tyear\tvalue\tunit\tpublisher\tpublished\turl\tquote\tsource\n", `column 10, "source"`},
		"missing column": {Magic + "\nindicator\tgeo\tyear\tvalue\tunit\tpublisher\tpublished\turl\n", `no "quote" column`},
		"twice":          {Magic + "\nindicator\tindicator\n", `column "indicator" twice`},
		"no header":      {Magic + "\n# only comments\n", "no header line"},
	} {
		_, err := extracttest.Decode(t, Decoder{}, "f.tsv", []byte(c.body))
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "f.tsv") {
			t.Errorf("%s: error %v, want ErrFormat saying %q and naming f.tsv", name, err, c.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		Magic + "\nindicator\tgeo\n": true,
		"  " + Magic + " v1\r\n":     true,
		"indicator\tgeo\tyear\n":     false,
		"# other comment\n":          false,
	} {
		if got := (Decoder{}).Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder: it may refuse them, but
// must not panic, and every row it sends is either a cited value or a
// rejection.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(head + line("EMPLOYED", "01", "2020", "1", "", "NSO", "", "", "", "https://x.vn", "q", "")))
	f.Add([]byte(head + "EMPLOYED\t01\n\n\t\t\t\t\t\t\t\t\t\t\t\n"))
	f.Add([]byte(Magic + "\r\nindicator\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &extracttest.Sink{Limit: 10000}
		_ = Decoder{}.Decode(context.Background(), extracttest.Payload("fuzz.tsv", b), s)
		for _, r := range s.Rows {
			if (r.Reject == "") == (r.Citation == "") {
				t.Fatalf("row %+v: a value without a citation, or a rejection with one", r)
			}
		}
	})
}
