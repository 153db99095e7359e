package xls

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// The tests in this file build BIFF8 streams record by record, to reach the
// record types and edge cases the real fixtures do not have.

func rec(typ uint16, data ...[]byte) []byte {
	var body []byte
	for _, d := range data {
		body = append(body, d...)
	}
	b := binary.LittleEndian.AppendUint16(nil, typ)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(body)))
	return append(b, body...)
}

func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
func f64(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}

// str8 is an XLUnicodeString with 8-bit characters (s is Latin-1 text).
func str8(s string) []byte {
	r := []rune(s)
	b := append(u16(len(r)), 0)
	for _, c := range r {
		b = append(b, byte(c))
	}
	return b
}

// str16 is an XLUnicodeString with UTF-16 characters.
func str16(s string) []byte {
	r := []rune(s)
	b := append(u16(len(r)), 1)
	for _, c := range r {
		b = append(b, u16(int(c))...)
	}
	return b
}

func font(name string) []byte {
	b := make([]byte, 14)
	return append(append(b, byte(len(name)), 0), name...)
}

func xfRec(fontIdx, fmtID int) []byte {
	return rec(recXF, u16(fontIdx), u16(fmtID), make([]byte, 16))
}

func cellHdr(row, col, ixfe int) []byte {
	return append(append(u16(row), u16(col)...), u16(ixfe)...)
}

// book assembles a globals substream and one worksheet substream.
func book(strings int, sst [][]byte, sheet [][]byte) []byte {
	var g []byte
	g = append(g, rec(recBOF, u16(0x0600), u16(5), make([]byte, 12))...)
	g = append(g, rec(recCodePage, u16(1200))...)
	for i := 0; i < 5; i++ { // fonts 0-3 and 5 (index 4 is skipped)
		name := "Arial"
		if i == 4 {
			name = ".VnTime"
		}
		g = append(g, rec(recFont, font(name))...)
	}
	g = append(g, rec(recFormat, u16(164), str8("0.0"))...)
	g = append(g, xfRec(0, 0)...)   // 0: General, Arial
	g = append(g, xfRec(5, 0)...)   // 1: .VnTime
	g = append(g, xfRec(0, 164)...) // 2: 0.0
	g = append(g, xfRec(0, 10)...)  // 3: 0.00%
	g = append(g, xfRec(0, 14)...)  // 4: date
	var sstData []byte
	for i, s := range sst {
		if i == 0 {
			sstData = rec(recSST, append(u32(strings), u32(strings)...), s)
			continue
		}
		sstData = append(sstData, rec(recContinue, s)...)
	}
	// BOUNDSHEET: offset patched below
	name := "Biểu 1"
	bs := append(u32(0), 0, 0)
	bs = append(bs, byte(len([]rune(name))), 1)
	for _, c := range name {
		bs = append(bs, u16(int(c))...)
	}
	boundAt := len(g) + 4
	g = append(g, rec(recBoundSheet, bs)...)
	g = append(g, sstData...)
	g = append(g, rec(recEOF)...)
	binary.LittleEndian.PutUint32(g[boundAt:], uint32(len(g)))
	g = append(g, rec(recBOF, u16(0x0600), u16(0x10), make([]byte, 12))...)
	for _, r := range sheet {
		g = append(g, r...)
	}
	return append(g, rec(recEOF)...)
}

func testBook() []byte {
	// shared strings: 0 title (TCVN3, in a .VnTime cell), 1 "Chỉ tiêu",
	// 2 "Năm 2022" split over a CONTINUE that switches to 16-bit, 3 label
	sst := [][]byte{
		append(append(str8("Tæng s¶n phÈm"), str16("Chỉ tiêu")...), append(u16(8), 0, 'N')...),
		append([]byte{1}, str16("ăm 2022")[3:]...),
	}
	sst[1] = append(sst[1], str16("GRDP")...)
	// RK 1995.0 as float, and 123 as integer / 100 = 1.23
	rk1995 := int(math.Float64bits(1995) >> 32)
	sheet := [][]byte{
		rec(0x0200, make([]byte, 14)), // DIMENSIONS: ignored
		rec(recLabelSST, cellHdr(0, 0, 1), u32(0)),
		rec(recLabelSST, cellHdr(1, 0, 0), u32(1)),
		rec(recLabelSST, cellHdr(1, 1, 0), u32(2)),
		rec(recLabel, cellHdr(1, 2, 0), str16("Năm 2023")),
		rec(recLabelSST, cellHdr(2, 0, 0), u32(3)),
		rec(recNumber, cellHdr(2, 1, 2), f64(1234.56)),
		rec(recRK, cellHdr(2, 2, 0), u32(rk1995)),
		rec(recLabel, cellHdr(3, 0, 0), str8("Thu")),
		rec(recMulRK, u16(3), u16(1), u16(0), u32(123<<2|3), u16(0), u32(7<<2|2), u16(2)),
		rec(recLabel, cellHdr(4, 0, 0), str8("Chi")),
		rec(recFormula, cellHdr(4, 1, 0), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, u16(0), u32(0), u16(0)),
		rec(recString, str8("x")),
		rec(recBoolErr, cellHdr(4, 2, 0), []byte{0x07, 1}),
		rec(recLabel, cellHdr(5, 0, 0), str8("Ngày")),
		rec(recFormula, cellHdr(5, 1, 4), f64(45000), u16(0), u32(0), u16(0)),
		rec(recBOF, u16(0x0600), u16(0x20), make([]byte, 12)), // embedded chart
		rec(recLabel, cellHdr(9, 9, 0), str8("chart text")),
		rec(recEOF),
		rec(recMergedCells, u16(1), u16(0), u16(0), u16(0), u16(2)),
	}
	return book(4, sst, sheet)
}

func TestSyntheticWorkbook(t *testing.T) {
	wb := &workbook{stream: testBook(), formats: map[uint16]string{}}
	if err := wb.readGlobals(); err != nil {
		t.Fatal(err)
	}
	if len(wb.sheets) != 1 || wb.sheets[0].name != "Biểu 1" {
		t.Fatalf("sheets = %+v", wb.sheets)
	}
	if want := []string{"Tæng s¶n phÈm", "Chỉ tiêu", "Năm 2022", "GRDP"}; strings.Join(wb.sst, "|") != strings.Join(want, "|") {
		t.Fatalf("sst = %q, want %q", wb.sst, want)
	}
	if f := wb.fontName(1); f != ".VnTime" {
		t.Errorf("font of XF 1 = %q", f)
	}
	m, err := wb.merges(int(wb.sheets[0].offset))
	if err != nil || len(m) != 1 || m[0] != [4]int{0, 0, 0, 2} {
		t.Errorf("merges = %v, %v", m, err)
	}
	sr, err := wb.newSheetReader(int(wb.sheets[0].offset))
	if err != nil {
		t.Fatal(err)
	}
	sh := &sheet{name: "Biểu 1", r: sr, text: wb.textDecoder()}
	var rows []string
	for sh.Next() {
		n, cells := sh.Row()
		rows = append(rows, strings.Join(append([]string{strconv.Itoa(n)}, cells...), "|"))
	}
	if sh.Err() != nil {
		t.Fatal(sh.Err())
	}
	want := []string{
		"1|Tổng sản phẩm", // TCVN3 in a .VnTime cell
		"2|Chỉ tiêu|Năm 2022|Năm 2023",
		"3|GRDP|1234.6|1995", // 0.0 format; RK float
		"4|Thu|1.23|7",       // MULRK: RK integer / 100, RK integer
		"5|Chi|x|#DIV/0!",    // string formula result; error
		"6|Ngày|2023-03-15",  // date format
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

func TestSyntheticDecode(t *testing.T) {
	wb := &workbook{stream: testBook(), formats: map[uint16]string{}}
	if err := wb.readGlobals(); err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	if err := decodeWorkbook(context.Background(), extract.Payload{URI: "t.xls"}, wb, s); err != nil {
		t.Fatal(err)
	}
	if len(s.info) != 1 || s.info[0].Title != "Tổng sản phẩm" {
		t.Errorf("info = %+v", s.info)
	}
	var got []string
	for _, r := range s.rows {
		got = append(got, r.Origin.String()+" "+r.Series+" "+r.Period+" "+r.Value)
	}
	want := []string{
		"t.xls [Biểu 1] B3 GRDP Năm 2022 1234.6",
		"t.xls [Biểu 1] C3 GRDP Năm 2023 1995",
		"t.xls [Biểu 1] B4 Thu Năm 2022 1.23",
		"t.xls [Biểu 1] C4 Thu Năm 2023 7",
		"t.xls [Biểu 1] B5 Chi Năm 2022 x",
		"t.xls [Biểu 1] C5 Chi Năm 2023 #DIV/0!",
		"t.xls [Biểu 1] B6 Ngày Năm 2022 2023-03-15",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Every cut of the stream fails with an error, never a panic, and a cut
// inside the sheet names the sheet.
func TestSyntheticTruncated(t *testing.T) {
	full := testBook()
	for n := 0; n < len(full); n++ {
		wb := &workbook{stream: full[:n], formats: map[uint16]string{}}
		err := wb.readGlobals()
		if err != nil {
			continue
		}
		err = decodeWorkbook(context.Background(), extract.Payload{URI: "cut.xls"}, wb, &sink{})
		if err == nil {
			t.Errorf("cut at %d of %d: no error", n, len(full))
			continue
		}
		var de *extract.DecodeError
		if errors.As(err, &de) && (de.Origin.URI != "cut.xls" || de.Origin.Sheet != "Biểu 1") {
			t.Errorf("cut at %d: origin %+v", n, de.Origin)
		}
		if !strings.Contains(err.Error(), "cut.xls") {
			t.Errorf("cut at %d: error does not name the file: %v", n, err)
		}
	}
}

func TestSegReaderContinue(t *testing.T) {
	// "abcde": two 8-bit characters, then a CONTINUE whose option byte
	// switches the rest to 16-bit.
	r := &segReader{segs: [][]byte{{5, 0, 0, 'a', 'b'}, {1, 'c', 0, 'd', 0, 'e', 0}}}
	s, err := r.unicodeString()
	if err != nil || s != "abcde" {
		t.Fatalf("got %q, %v", s, err)
	}
	// A rich string with phonetic data, split in its run array.
	r = &segReader{segs: [][]byte{append([]byte{2, 0, 0x0C, 1, 0, 2, 0, 0, 0, 'o', 'k', 1, 2}, 3, 4), {9, 9}}}
	if s, err := r.unicodeString(); err != nil || s != "ok" {
		t.Fatalf("rich string: %q, %v", s, err)
	}
	if _, err := (&segReader{segs: [][]byte{{9, 0, 0, 'a'}}}).unicodeString(); err == nil {
		t.Error("short string read without error")
	}
}

func TestRK(t *testing.T) {
	for v, want := range map[uint32]float64{
		7<<2 | 2:                              7,
		123<<2 | 3:                            1.23,
		uint32(math.Float64bits(1995) >> 32):  1995,
		uint32(math.Float64bits(100)>>32) | 1: 1,
		0xFFFFFFFE:                            -1, // integer -1
	} {
		if got := rk(v); got != want {
			t.Errorf("rk(%#x) = %v, want %v", v, got, want)
		}
	}
}

func TestDisplayNumber(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		id   uint16
		code string
		want string
	}{
		{1995, 0, "General", "1995"},
		{-0.9319999999999986, 0, "General", "-0.932"},
		{2536630.7249205066, 3, "#,##0", "2536631"},
		{2536630.7249205066, 164, "#,##0.0_);(#,##0.0)", "2536630.7"},
		{61.109, 2, "0.00", "61.11"},
		{0.1234, 10, "0.00%", "12.34%"},
		{-0.0001, 2, "0.00", "0.00"},
		{45000, 14, "m/d/yyyy", "2023-03-15"},
		{45000.5, 22, "m/d/yyyy h:mm", "2023-03-15 12:00:00"},
		{1995, 171, "0_)", "1995"},
		{12.5, 170, `"Tỷ đồng" 0.0`, "12.5"},
		{1e20, 0, "General", "1e+20"},
		{123456789012, 0, "General", "123456789012"},
		{0.000123456789, 0, "General", "0.000123457"},
		{1.5, 11, "0.00E+00", "1.5"},
		{3, 180, "[Red]0.000", "3.000"},
		{4, 181, "@", "4"},
	} {
		if got := displayNumber(tt.v, tt.id, tt.code, false); got != tt.want {
			t.Errorf("displayNumber(%v, %q) = %q, want %q", tt.v, tt.code, got, tt.want)
		}
	}
	if got := displayNumber(0, 14, "m/d/yyyy", true); got != "1904-01-01" {
		t.Errorf("1904 date system: %q", got)
	}
}

func TestSniffAndRegister(t *testing.T) {
	d, err := extract.ByName("xls")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Sniff(oleMagic) || d.Sniff([]byte("PK\x03\x04")) || d.Sniff(nil) {
		t.Error("Sniff")
	}
	det, err := extract.Detect(extract.Payload{URI: "a.xls", Body: append(append([]byte{}, oleMagic...), make([]byte, 600)...)})
	if err != nil || det.Name() != "xls" {
		t.Errorf("Detect = %v, %v", det, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	junk := append(append([]byte{}, oleMagic...), bytes.Repeat([]byte{0xAB}, 1000)...)
	for name, body := range map[string][]byte{
		"empty":       nil,
		"zip":         []byte("PK\x03\x04 this is an xlsx"),
		"html":        []byte("<html><body>Not found</body></html>"),
		"ole garbage": junk,
	} {
		t.Run(name, func(t *testing.T) {
			err := Decoder{}.Decode(context.Background(), extract.Payload{URI: "http://gso.gov.vn/x.xls", Body: body}, &sink{})
			if err == nil || !strings.Contains(err.Error(), "http://gso.gov.vn/x.xls") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestNoTables(t *testing.T) {
	sheet := [][]byte{rec(recLabel, cellHdr(0, 0, 0), str8("Cover"))}
	wb := &workbook{stream: book(1, [][]byte{str8("x")}, sheet), formats: map[uint16]string{}}
	if err := wb.readGlobals(); err != nil {
		t.Fatal(err)
	}
	err := decodeWorkbook(context.Background(), extract.Payload{URI: "cover.xls"}, wb, &sink{})
	if !errors.Is(err, ErrNoTables) || !strings.Contains(err.Error(), "cover.xls") {
		t.Fatalf("err = %v", err)
	}
}

func TestSinkErrorStops(t *testing.T) {
	wb := &workbook{stream: testBook(), formats: map[uint16]string{}}
	if err := wb.readGlobals(); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("warehouse refused")
	err := decodeWorkbook(context.Background(), extract.Payload{URI: "t.xls"}, wb, &sink{err: stop})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
	var de *extract.DecodeError
	if errors.As(err, &de) {
		t.Errorf("a sink error is returned as is, not as a DecodeError: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := decodeWorkbook(ctx, extract.Payload{URI: "t.xls"}, wb, &sink{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	_ = yearbook.ErrNoTable
}
