package csvsrc

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"

	"github.com/hanoi-sti/chitieu/vntext"
)

// Compile-time conformance.
var _ extract.Decoder = Decoder{}

const realDir = extracttest.RealDir

// sink collects what a decoder sends, and finds rows in it.
type sink struct{ extracttest.Sink }

// find returns the rows matching all of series, geo and period ("" matches
// anything).
func (s *sink) find(series, geo, period string) []extract.RawRow {
	var out []extract.RawRow
	for _, r := range s.Rows {
		if (series == "" || r.Series == series) && (geo == "" || r.Geo == geo) && (period == "" || r.Period == period) {
			out = append(out, r)
		}
	}
	return out
}

func decode(t *testing.T, uri string, body []byte) (*sink, error) {
	t.Helper()
	s := &sink{}
	err := Decoder{}.Decode(context.Background(), extract.NewPayload("test", uri, body, time.Now()), s)
	return s, err
}

func mustDecode(t *testing.T, uri string, body []byte) *sink {
	t.Helper()
	s, err := decode(t, uri, body)
	if err != nil {
		t.Fatalf("Decode(%s): %v", uri, err)
	}
	if len(s.Infos) != 1 {
		t.Fatalf("Describe called %d times, want 1", len(s.Infos))
	}
	return s
}

func readReal(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("real fixture %s not present (shared/fixtures/real is not checked out next to the project)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// row renders the fields a test compares, compactly.
func row(r extract.RawRow) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s", r.Series, r.SeriesName, r.Geo, r.Period, r.Value, r.Unit, r.Status)
}

func TestDecodeLayouts(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		title string
		want  []string // row(r) of each row, in order
		check func(t *testing.T, s *sink)
	}{
		{
			name: "long English",
			body: "Indicator,Province,Year,Value,Unit,Flag\nGDP,Hà Nội,2023,\"1.234,5\",Tỷ đồng,p\nGDP,Hải Phòng,2023,..,Tỷ đồng,\n",
			want: []string{"GDP|GDP|Hà Nội|2023|1.234,5|Tỷ đồng|p", "GDP|GDP|Hải Phòng|2023|..|Tỷ đồng|"},
			check: func(t *testing.T, s *sink) {
				o := s.Rows[0].Origin
				if o.Row != 2 || o.Column != "Value" || o.URI != "mem://t.csv" {
					t.Errorf("origin = %+v", o)
				}
			},
		},
		{
			name: "long Vietnamese headers, any case, with and without diacritics",
			body: "CHỈ TIÊU;Tinh/Thanh pho;NĂM;GIA TRI;Đơn vị tính;Ghi chú\nDân số;Hà Nội;Sơ bộ 2023;8587,1;Nghìn người;ước\n",
			want: []string{"Dân số|Dân số|Hà Nội|Sơ bộ 2023|8587,1|Nghìn người|"},
			check: func(t *testing.T, s *sink) {
				if s.Rows[0].Dims["Ghi chú"] != "ước" {
					t.Errorf("dims = %v", s.Rows[0].Dims)
				}
			},
		},
		{
			name:  "wide with title, unit line, blank line, quoted header",
			body:  "\"Tổng sản phẩm trên địa bàn\"\r\nĐơn vị tính: Tỷ đồng\r\n\r\n\"Chỉ tiêu\";\"2022\";\"Sơ bộ 2023\"\r\n\"GRDP\";1196;\"1285,5 \"\r\n\"Nông nghiệp\";..;30\r\n",
			title: "Tổng sản phẩm trên địa bàn",
			want: []string{
				"GRDP|GRDP||2022|1196|Tỷ đồng|", "GRDP|GRDP||Sơ bộ 2023|1285,5|Tỷ đồng|",
				"Nông nghiệp|Nông nghiệp||2022|..|Tỷ đồng|", "Nông nghiệp|Nông nghiệp||Sơ bộ 2023|30|Tỷ đồng|",
			},
			check: func(t *testing.T, s *sink) {
				if o := s.Rows[1].Origin; o.Row != 5 || o.Column != "Sơ bộ 2023" {
					t.Errorf("origin = %+v (want the physical line 5)", o)
				}
			},
		},
		{
			name: "wide with label and geo, measure in header",
			body: "Chỉ tiêu,Địa phương,Dân số (Nghìn người) 2022,Dân số (Nghìn người) Prel. 2023\nTổng,Hà Nội,8435.7,8587.1\n",
			want: []string{
				"Dân số (Nghìn người) Tổng|Dân số (Nghìn người) Tổng|Hà Nội|2022|8435.7|Nghìn người|",
				"Dân số (Nghìn người) Tổng|Dân số (Nghìn người) Tổng|Hà Nội|Prel. 2023|8587.1|Nghìn người|",
			},
			check: func(t *testing.T, s *sink) {
				if len(s.Rows[0].Dims) != 0 {
					t.Errorf("label and geo must not be repeated in Dims: %v", s.Rows[0].Dims)
				}
			},
		},
		{
			name: "ragged rows keep every cell",
			body: "Items;2015;2016\nA;1;2;3;4\nB;5\nC;7;8\n",
			want: []string{"A|A||2015|1||", "A|A||2016|2||", "A|A|||3||", "A|A|||4||", "B|B||2015|5||", "C|C||2015|7||", "C|C||2016|8||"},
			check: func(t *testing.T, s *sink) {
				if c := s.Rows[2].Origin.Column; c != "col4" {
					t.Errorf("ragged column = %q, want col4", c)
				}
				if c := s.Rows[3].Origin.Column; c != "col5" {
					t.Errorf("ragged column = %q, want col5", c)
				}
			},
		},
		{
			name: "period down the rows, measure per column",
			body: "\"Year\";\"Total (Bill. Dongs) Total\";\"Index (Previous year = 100) (%) Total\"\n\"2015\";2875856.00;106.68\n\"Prel. 2016\";3054470.00;..\n",
			want: []string{
				"Total (Bill. Dongs) Total|Total (Bill. Dongs) Total||2015|2875856.00|Bill. Dongs|",
				"Index (Previous year = 100) (%) Total|Index (Previous year = 100) (%) Total||2015|106.68|%|",
				"Total (Bill. Dongs) Total|Total (Bill. Dongs) Total||Prel. 2016|3054470.00|Bill. Dongs|",
				"Index (Previous year = 100) (%) Total|Index (Previous year = 100) (%) Total||Prel. 2016|..|%|",
			},
		},
		{
			name: "period rows with a province column",
			body: "Năm\tTỉnh\tDân số (Nghìn người)\n2023\tHà Nội\t8587.1\n",
			want: []string{"Dân số (Nghìn người)|Dân số (Nghìn người)|Hà Nội|2023|8587.1|Nghìn người|"},
		},
		{
			name: "code column gives the series code",
			body: "Code|item|2019\nagg_tax|Aggregate revenue from tax|1122403\n",
			want: []string{"agg_tax|Aggregate revenue from tax||2019|1122403||"},
		},
		{
			name: "section headings and footnotes send nothing",
			body: "Chỉ tiêu,2022,2023\nA. Thu ngân sách,,\nThuế,1,2\nNguồn: Bộ Tài chính\n",
			want: []string{"Thuế|Thuế||2022|1||", "Thuế|Thuế||2023|2||"},
		},
		{
			name: "empty cells of a row with values are kept as missing",
			body: "item,2001,2002,2003\nx,,5,\n",
			want: []string{"x|x||2001|||", "x|x||2002|5||", "x|x||2003|||"},
		},
		{
			name: "quoted newline keeps physical line numbers",
			body: "Indicator,2020\n\"two\nlines\",1\nnext,2\n",
			want: []string{"two\nlines|two\nlines||2020|1||", "next|next||2020|2||"},
			check: func(t *testing.T, s *sink) {
				if s.Rows[0].Origin.Row != 2 || s.Rows[1].Origin.Row != 4 {
					t.Errorf("rows at lines %d, %d; want 2, 4", s.Rows[0].Origin.Row, s.Rows[1].Origin.Row)
				}
			},
		},
		{
			name: "comma decimals with semicolons: the header decides",
			body: "Năm;Giá trị\n2020;1.234,5\n2021;2.345,6\n2022;3.456,7\n",
			want: []string{"|||2020|1.234,5||", "|||2021|2.345,6||", "|||2022|3.456,7||"},
		},
		{
			name: "no period anywhere: one row per cell, period empty",
			body: "Tỉnh,Dân số,Diện tích (km2)\nHà Nội,8587,3359.8\n",
			want: []string{"Dân số|Dân số|Hà Nội||8587||", "Diện tích (km2)|Diện tích (km2)|Hà Nội||3359.8|km2|"},
		},
		{
			name: "a value column without any period is still sent",
			body: "Indicator,Value\nDân số,100\n",
			want: []string{"Dân số|Dân số|||100||"},
		},
		{
			name: "header that reads as a cell reference uses the letter",
			body: "Year,GDP,\n2023,1,2\n",
			check: func(t *testing.T, s *sink) {
				if len(s.Rows) != 2 || s.Rows[0].Origin.Column != "B" || s.Rows[1].Origin.Column != "C" {
					t.Errorf("rows = %+v", s.Rows)
				}
				if got := s.Rows[0].Origin.String(); got != "mem://t.csv B2" {
					t.Errorf("origin renders %q", got)
				}
			},
		},
		{
			name: "units: unit column, then value header, then label, then the table's unit line",
			body: "Đơn vị tính: Tỷ đồng\nChỉ tiêu;Năm;Giá trị (Triệu USD);ĐVT\nXuất khẩu;2023;355,5;\nDân số;2023;100,3;Triệu người\n",
			want: []string{"Xuất khẩu|Xuất khẩu||2023|355,5|Triệu USD|", "Dân số|Dân số||2023|100,3|Triệu người|"},
		},
		{
			name: "label unit, then table unit",
			body: "Đơn vị tính: Tỷ đồng\nChỉ tiêu;2023\nXuất khẩu (Triệu USD);355,5\nThu ngân sách;1.700\n",
			want: []string{"Xuất khẩu (Triệu USD)|Xuất khẩu (Triệu USD)||2023|355,5|Triệu USD|", "Thu ngân sách|Thu ngân sách||2023|1.700|Tỷ đồng|"},
		},
		{
			name: "Excel sep= line declares the delimiter",
			body: "sep=;\r\nChỉ tiêu;2023\r\nA, B;1,5\r\n",
			want: []string{"A, B|A, B||2023|1,5||"},
			check: func(t *testing.T, s *sink) {
				if s.Rows[0].Origin.Row != 3 {
					t.Errorf("row at line %d, want 3", s.Rows[0].Origin.Row)
				}
			},
		},
		{
			name: "constant-price year is a measure, not the period",
			body: "Items,GDP at constant 2010 prices (Bill. Dongs) 2015\nTotal,2875856\n",
			want: []string{"GDP at constant 2010 prices (Bill. Dongs) Total|GDP at constant 2010 prices (Bill. Dongs) Total||2015|2875856|Bill. Dongs|"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustDecode(t, "mem://t.csv", []byte(tc.body))
			if s.Infos[0].Title != tc.title {
				t.Errorf("title = %q, want %q", s.Infos[0].Title, tc.title)
			}
			if tc.want != nil {
				var got []string
				for _, r := range s.Rows {
					got = append(got, row(r))
				}
				if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
			}
			for _, r := range s.Rows {
				if r.Origin.URI != "mem://t.csv" || r.Origin.Row < 2 || r.Origin.Column == "" {
					t.Errorf("origin %+v does not locate the cell", r.Origin)
				}
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		errIs error
		has   string
	}{
		{"empty", "", nil, "empty"},
		{"blank", " \r\n\r\n", nil, "empty"},
		{"html", "<!DOCTYPE html><html><body>Đăng nhập</body></html>", nil, "HTML"},
		{"one column", "value\n1\n2\n", ErrNotDelimited, ""},
		{"only titles", "Title, with comma\n\n\"just one\";\n\"another\";\n", ErrNoHeader, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decode(t, "https://example.org/data.csv", []byte(tc.body))
			if err == nil {
				t.Fatalf("want error, got %d rows", len(s.Rows))
			}
			if !strings.Contains(err.Error(), "https://example.org/data.csv") {
				t.Errorf("error %q does not name the URI", err)
			}
			if tc.errIs != nil && !errors.Is(err, tc.errIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.errIs)
			}
			if !strings.Contains(err.Error(), tc.has) {
				t.Errorf("error %q does not say %q", err, tc.has)
			}
		})
	}
}

func TestSinkErrorAndCancel(t *testing.T) {
	body := []byte("Items,2015,2016\nA,1,2\n")
	stop := errors.New("warehouse refused")
	s := &sink{extracttest.Sink{Stop: stop}}
	err := Decoder{}.Decode(context.Background(), extract.NewPayload("t", "mem://t.csv", body, time.Now()), s)
	if !errors.Is(err, stop) {
		t.Errorf("sink error: got %v", err)
	}
	long := []byte("Indicator,Year,Value\nA,2015,1\n")
	s = &sink{extracttest.Sink{Stop: stop}}
	if err := (Decoder{}).Decode(context.Background(), extract.NewPayload("t", "mem://t.csv", long, time.Now()), s); !errors.Is(err, stop) {
		t.Errorf("sink error (long): got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = &sink{}
	if err := (Decoder{}).Decode(ctx, extract.NewPayload("t", "mem://t.csv", body, time.Now()), s); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	if len(s.Rows) != 0 {
		t.Errorf("cancelled decode sent %d rows", len(s.Rows))
	}
}

// encode1258 writes Vietnamese text as Windows-1258 does: letters with
// circumflex, breve and horn precomposed, tone marks as combining bytes.
func encode1258(t *testing.T, s string) []byte {
	t.Helper()
	enc := charmap.Windows1258.NewEncoder()
	var out []byte
	for _, r := range norm.NFC.String(s) {
		if b, err := enc.Bytes([]byte(string(r))); err == nil {
			out = append(out, b...)
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		base, tones := d[0], []rune{}
		for _, m := range d[1:] {
			switch m {
			case 0x0302, 0x0306, 0x031B:
				base = []rune(norm.NFC.String(string([]rune{base, m})))[0]
			default:
				tones = append(tones, m)
			}
		}
		b, err := enc.Bytes([]byte(string(append([]rune{base}, tones...))))
		if err != nil {
			t.Fatalf("cannot encode %q in Windows-1258: %v", r, err)
		}
		out = append(out, b...)
	}
	return out
}

const viCSV = "Tỉnh;Năm;Giá trị\r\nHà Nội;2023;8587,1\r\nThừa Thiên Huế;2023;1160,2\r\n"

func TestEncodings(t *testing.T) {
	utf16 := func(e unicode.Endianness) []byte {
		b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(viCSV))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp := encode1258(t, viCSV)
	// "Tỉnh" in Windows-1258: T, i, 0xD2 (combining hook above), n, h.
	if string(cp[:6]) != "Ti\xd2nh;" {
		t.Fatalf("Windows-1258 bytes = % x", cp[:12])
	}
	tests := []struct {
		name string
		body []byte
		enc  encoding
	}{
		{"UTF-8", []byte(viCSV), encUTF8},
		{"UTF-8 BOM", append([]byte("\uFEFF"), viCSV...), encUTF8},
		{"UTF-16LE BOM", utf16(unicode.LittleEndian), encUTF16LE},
		{"UTF-16BE BOM", utf16(unicode.BigEndian), encUTF16BE},
		{"Windows-1258", cp, encCP1258},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectEncoding(tc.body); got != tc.enc {
				t.Errorf("encoding = %v, want %v", got, tc.enc)
			}
			if !(Decoder{}).Sniff(extract.Head(tc.body)) {
				t.Error("Sniff refused it")
			}
			s := mustDecode(t, "mem://vi.csv", tc.body)
			if len(s.Rows) != 2 || row(s.Rows[0]) != "||Hà Nội|2023|8587,1||" {
				t.Fatalf("rows = %+v", s.Rows)
			}
			if s.Rows[1].Geo != "Thừa Thiên Huế" || !norm.NFC.IsNormalString(s.Rows[1].Geo) {
				t.Errorf("geo = %q (% x)", s.Rows[1].Geo, s.Rows[1].Geo)
			}
			if s.Rows[1].Origin.Row != 3 || s.Rows[1].Origin.Column != "Giá trị" {
				t.Errorf("origin = %+v", s.Rows[1].Origin)
			}
		})
	}
}

func TestWindows1258File(t *testing.T) {
	body, err := os.ReadFile("testdata/labour-force-cp1258.csv")
	if err != nil {
		t.Fatal(err)
	}
	if detectEncoding(body) != encCP1258 {
		t.Fatal("not detected as Windows-1258")
	}
	s := mustDecode(t, "testdata/labour-force-cp1258.csv", body)
	if got := s.Infos[0].Title; got != "Lực lượng lao động từ 15 tuổi trở lên phân theo địa phương" {
		t.Errorf("title = %q", got)
	}
	if len(s.Rows) != 12 {
		t.Fatalf("rows = %d, want 4 places × 3 years", len(s.Rows))
	}
	hn := s.find("", "Hà Nội", "Sơ bộ 2023")
	if len(hn) != 1 || hn[0].Value != "4207,3" || hn[0].Unit != "Nghìn người" || hn[0].Origin.Row != 6 {
		t.Errorf("Hà Nội Sơ bộ 2023 = %+v", hn)
	}
	if r := s.find("", "Thừa Thiên Huế", "2022"); len(r) != 1 || r[0].Value != ".." {
		t.Errorf("Thừa Thiên Huế 2022 = %+v", r)
	}
	if r := s.find("", "Đắk Lắk", "2021"); len(r) != 1 || r[0].Value != "1093,6" {
		t.Errorf("Đắk Lắk 2021 = %+v", r)
	}
	if r := s.find("", "CẢ NƯỚC", ""); len(r) != 3 || r[0].Series != s.Infos[0].Title {
		t.Errorf("CẢ NƯỚC = %+v (series is the title when rows name only places)", r)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"comma", "a,b\n1,2\n", true},
		{"semicolon GSO", "\"Title, with comma\"\r\n\r\n\"Year\";\"Total\"\r\n\"2015\";1\r\n", true},
		{"tab", "a\tb\n1\t2\n", true},
		{"pipe", "a|b|c\n1|2|3\n", true},
		{"truncated head", "a,b,c\n1,2,3\n4,5,\"unterminated", true},
		{"SDMX-CSV 1.0", "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nILO:DF_X(1.0),VNM,2020,1\n", false},
		{"SDMX-CSV 1.0 quoted", "\"DATAFLOW\",\"REF_AREA\"\n\"X\",\"VNM\"\n", false},
		{"SDMX-CSV 2.0", "STRUCTURE,STRUCTURE_ID,ACTION,OBS_VALUE\ndataflow,ESTAT:NA_MAIN(1.6.0),I,1\n", false},
		{"SDMX-CSV 2.0 list separator", "STRUCTURE[;],STRUCTURE_ID\ndataflow,X\n", false},
		{"SDMX-CSV 2.0 semicolon", "STRUCTURE[|];STRUCTURE_ID\ndataflow;X\n", false},
		{"STRUCTURES is not SDMX", "STRUCTURES,B\n1,2\n", true},
		{"PX", "CHARSET=\"ANSI\";\nAXIS-VERSION=\"2010\";\nLANGUAGE=\"en\";\n", false},
		{"PX lang", "TITLE[sv]=\"x\";\nA=\"1\";\n", false},
		{"JSON", "[{\"page\":1},[]]", false},
		{"JSON object", "{\"a\":\"b,c\"}\n", false},
		{"XML", "<?xml version=\"1.0\"?><a>1,2</a>\n", false},
		{"zip", "PK\x03\x04\x14\x00\x06\x00,,;;\n,,\n", false},
		{"OLE", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00,a\n,b\n", false},
		{"one line", "Service unavailable, try again later", false},
		{"single column", "value\n1\n2\n", false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		if got := (Decoder{}).Sniff(extract.Head([]byte(tc.head))); got != tc.want {
			t.Errorf("%s: Sniff = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSplitPeriodHeader(t *testing.T) {
	tests := []struct{ in, measure, period string }{
		{"2015", "", "2015"},
		{"Prel. 2016", "", "Prel. 2016"},
		{"Prel.2016", "", "Prel.2016"},
		{"Sơ bộ 2023", "", "Sơ bộ 2023"},
		{"Ước tính 2024", "", "Ước tính 2024"},
		{"Total (Thous. pers.) Prel. 2016", "Total (Thous. pers.)", "Prel. 2016"},
		{"Structure (%) 2005", "Structure (%)", "2005"},
		{"Quý II 2023", "", "Quý II 2023"},
		{"Quý II/2023", "", "Quý II/2023"},
		{"9 tháng 2024", "", "9 tháng 2024"},
		{"2023 (Prel.)", "", "2023 (Prel.)"},
		{"2015 Total (Bill. Dongs)", "Total (Bill. Dongs)", "2015"},
		{"GDP at constant 2010 prices 2015", "GDP at constant 2010 prices", "2015"},
		{"2023-Q2", "", "2023-Q2"},
	}
	for _, tc := range tests {
		m, p, ok := splitPeriodHeader(tc.in)
		if !ok || m != tc.measure || p != tc.period {
			t.Errorf("splitPeriodHeader(%q) = %q, %q, %v; want %q, %q", tc.in, m, p, ok, tc.measure, tc.period)
		}
	}
	for _, in := range []string{"Total (Bill. Dongs) Agriculture", "Index (Previous year = 100) (%) Total", "GDP at constant 2010 prices", "Code", "12345"} {
		if m, p, ok := splitPeriodHeader(in); ok {
			t.Errorf("splitPeriodHeader(%q) = %q, %q; want no period", in, m, p)
		}
	}
}

func TestUnitIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Gross domestic product at current prices (Bill. Dongs)", "Bill. Dongs"},
		{"Per capita gross domestic product at current prices in foreign currency (at average exchange rate) (USD)", "USD"},
		{"Growth rate of GDP at constant 2010 prices(Previous year = 100) (%)", "%"},
		{"Gross capital formation compared with GDP (At current prices) (%)", "%"},
		{"Gross national income at current prices- Bill. dongs", "Bill. dongs"},
		{"Total (Thous. pers.) Agriculture", "Thous. pers."},
		{"Dân số trung bình (Nghìn người)", "Nghìn người"},
		{"Diện tích (ha)", "ha"},
		{"GRDP (Hà Nội)", ""},
		{"Ba Ria - Vung Tau", ""},
		{"Imp - Exp. tax, excise tax and environmental protection tax on Imports", ""},
		{"Index (Previous year = 100)", ""},
		{"TOTAL", ""},
	}
	for _, tc := range tests {
		if got := unitIn(tc.in); got != tc.want {
			t.Errorf("unitIn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRoleOf(t *testing.T) {
	tests := []struct {
		in   string
		want role
	}{
		{"Year", rolePeriod}, {"NĂM", rolePeriod}, {"Năm/Year", rolePeriod}, {"TIME_PERIOD", rolePeriod}, {"Kỳ báo cáo", rolePeriod},
		{"Value", roleValue}, {"Giá trị", roleValue}, {"GIA TRI (Tỷ đồng)", roleValue}, {"OBS_VALUE", roleValue}, {"Số liệu", roleValue},
		{"Province", roleGeo}, {"Tỉnh", roleGeo}, {"Tỉnh/Thành phố", roleGeo}, {"Địa phương", roleGeo}, {"dia phuong", roleGeo},
		{"Cities, provincies", roleGeo}, {"Country Code", roleGeo}, {"Vùng", roleGeo},
		{"Indicator", roleSeries}, {"Chỉ tiêu", roleSeries}, {"CHI TIEU", roleSeries}, {"Items", roleSeries}, {"Economic activity", roleSeries},
		{"Code", roleCode}, {"Mã số", roleCode},
		{"Unit", roleUnit}, {"Đơn vị tính", roleUnit}, {"ĐVT", roleUnit},
		{"Status", roleStatus}, {"OBS_STATUS", roleStatus},
		{"Classification", roleOther}, {"Ghi chú", roleOther}, {"Hà Nam", roleOther}, {"Việt Nam", roleOther}, {"Ước tính", roleOther},
	}
	for _, tc := range tests {
		if got := roleOf(tc.in); got != tc.want {
			t.Errorf("roleOf(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestSmallHelpers(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colLetter(i); got != want {
			t.Errorf("colLetter(%d) = %q, want %q", i, got, want)
		}
	}
	if got := vntext.FoldWords("  ĐỊA   Phương "); got != "dia phuong" {
		t.Errorf("fold = %q", got)
	}
	if u, ok := unitLine("Đơn vị tính: Tỷ đồng"); !ok || u != "Tỷ đồng" {
		t.Errorf("unitLine = %q, %v", u, ok)
	}
	if _, ok := unitLine("Nguồn: Tổng cục Thống kê"); ok {
		t.Error("unitLine took a source line for a unit")
	}
	if encCP1258.String() != "Windows-1258" {
		t.Error(encCP1258.String())
	}
	// A head cut inside a UTF-8 sequence is still UTF-8.
	if e := detectEncoding([]byte("Hà Nội")[:2]); e != encUTF8 {
		t.Errorf("cut head detected as %v", e)
	}
}

func TestReadErr(t *testing.T) {
	d := &decoding{uri: "https://example.org/x.csv"}
	err := d.readErr(&csv.ParseError{StartLine: 7, Line: 8, Column: 3, Err: csv.ErrQuote})
	var de *extract.DecodeError
	if !errors.As(err, &de) || de.Origin.Row != 7 || !errors.Is(err, csv.ErrQuote) || !strings.Contains(err.Error(), "https://example.org/x.csv") {
		t.Errorf("readErr(ParseError) = %v", err)
	}
	err = d.readErr(errors.New("disk on fire"))
	if !strings.Contains(err.Error(), "https://example.org/x.csv") {
		t.Errorf("readErr = %v", err)
	}
}

func TestRegistered(t *testing.T) {
	d, err := extract.ByName("csv")
	if err != nil || d.Name() != "csv" {
		t.Fatalf("ByName(csv) = %v, %v", d, err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"Items;2015;Prel. 2016\nA;1;2\n",
		"Indicator,Year,Value\nA,2015,1\n",
		"\"Title\"\r\n\r\n\"Year\";\"Total (Bill. Dongs) Total\"\r\n\"2015\";1\r\n",
		"Items;2015\nA;1;2;3\n",
		"a,\"b\nc\",d\n1,2,3\n",
		"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00",
		"T\xecinh;N\xe3m\n1;2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := Decoder{}
		d.Sniff(extract.Head(b))
		_ = d.Decode(context.Background(), extract.NewPayload("f", "fuzz", b, time.Time{}), &sink{})
	})
}

// The encoding is found from the whole file, read in chunks: a Windows-1258
// byte far past the first chunk still decides it, and a UTF-8 sequence cut
// by a chunk boundary does not count as invalid.
func TestScanEncodingAcrossChunks(t *testing.T) {
	line := "Hà Nội;2023;8587,1\n"
	utf8Body := []byte("Địa phương;Năm;Giá trị\n" + strings.Repeat(line, 20_000))
	for cut := 0; cut < 4; cut++ {
		// Shift the body so that chunk boundaries fall inside the
		// two- and three-byte sequences of "à" and "ộ".
		body := append([]byte(strings.Repeat("x", cut)), utf8Body...)
		if e, err := scanEncoding(bytes.NewReader(body)); err != nil || e != encUTF8 {
			t.Fatalf("shift %d: %v %v, want UTF-8", cut, e, err)
		}
	}
	late := append(append([]byte{}, []byte(strings.Repeat("Ha Noi;2023;1\n", 20_000))...), 0xE0, '\n') // à in Windows-1258
	if e, _ := scanEncoding(bytes.NewReader(late)); e != encCP1258 {
		t.Fatalf("Windows-1258 byte at %d: %v", len(late)-2, e)
	}
	mixed := append(append([]byte{}, utf8Body...), 0xE0, '\n')
	if e, _ := scanEncoding(bytes.NewReader(mixed)); e != encMixed {
		t.Fatalf("UTF-8 then a Windows-1258 line: %v", e)
	}
}

// A CSV file is decoded from disk (a file payload, not read into memory)
// with the same rows as from memory.
func TestDecodeFilePayload(t *testing.T) {
	body := append([]byte("\uFEFF"), []byte("Địa phương;Năm;Giá trị\n"+strings.Repeat("Hà Nội;2023;8587,1\n", 30_000))...)
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := extract.FilePayload("test", path, time.Now(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var sink extracttest.Sink
	if err := (Decoder{}).Decode(context.Background(), p, &sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.Rows) != 30_000 || sink.Rows[29_999].Geo != "Hà Nội" || sink.Rows[29_999].Value != "8587,1" || sink.Rows[0].Origin.Row != 2 {
		t.Fatalf("%d rows, last %+v", len(sink.Rows), sink.Rows[len(sink.Rows)-1])
	}
}

// A file whose numbers are in Vietnamese notation only says so, so that its
// "250.000" is read as 250000; a file with an English decimal point, or
// with no decimals at all, does not.
func TestDecimalComma(t *testing.T) {
	for band, want := range map[string]bool{
		"Địa bàn;Năm;Giá trị\nHà Nội;2023;41,5\nHà Nội;2022;250.000\n": true,
		"a;b\nx;392.150,5\n":                     true,
		"a;b\nx;\"12,5%\"\n":                     true,
		"a,b\nx,8587.1\ny,250.000\n":             false, // English decimals
		"a;b\nx;41,5\ny;8587.1\n":                false, // both: cell by cell
		"a;b\nx;250.000\ny;1,234\nz;2023\n":      false, // nothing tells
		"a\tb\nx\t1,234.5\n":                     false,
		"Mã;Năm;Giá trị\nS1;2023;1.234.567,25\n": true,
	} {
		delim := ';'
		if strings.Contains(band, "\t") {
			delim = '\t'
		} else if !strings.Contains(band, ";") {
			delim = ','
		}
		if got := decimalComma(band, delim); got != want {
			t.Errorf("decimalComma(%q) = %v, want %v", band, got, want)
		}
	}
}
