package schedules_test

// This file writes the bundled sample sources in testdata/sample that are
// not agency reports (those come from extract/excel's TestSampleWorkbooks):
// one small file of every other kind chitieu reads, so that 'make run'
// exercises each decoder offline. Their values are invented to look
// plausible for Hà Nội and Viet Nam; they are NOT official statistics, and
// each file says so where its format has room for it (a title, a note, a
// footnote, a comment), as does sources.toml (sample = true).
//
// None of them feeds a KPI: their series are not in the series map, or
// they are national figures, so the KPI table of the sample warehouse
// (cmd/chitieu/testdata/kpi_sample.csv) does not depend on them.
//
//	go test -tags duckdb_arrow ./schedules -run TestSampleSources -update
//
// rewrites the files; without -update the test checks that each committed
// file decodes, with the decoder sources.toml names, to exactly the values
// it was generated from, and that the whole bundled run loads with
// nothing rejected.

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/schedules"
	"github.com/hanoi-sti/chitieu/transform"
)

// The -update flag is shared with the other generators of this package
// (hostile_test.go): a flag may be defined only once per test binary.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the generated test files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const (
	sampleDir    = "../testdata/sample"
	sampleNoteVI = "DỮ LIỆU MẪU – không phải số liệu chính thức"
	sampleNoteEN = "SAMPLE DATA – not official figures"
	sampleNote   = sampleNoteVI + " (" + sampleNoteEN + ")"
)

// fact is one value a sample file holds.
type fact struct {
	match  []string // substrings of the decoded row's series code, name or dimensions
	geo    string   // geography code the row names ("" = the row names none)
	period string   // as the file writes it
	value  float64
	null   bool // no value (a null in the file)
}

// sampleFile is one generated sample source.
type sampleFile struct {
	name   string // file in testdata/sample
	source string // its source name in sources.toml
	kind   string // decoder
	build  func() ([]byte, []fact, error)
}

func sampleFiles() []sampleFile {
	return []sampleFile{
		{"ngtk-ha-noi-dan-so-quan-huyen-2024.xlsx", "hn-districts-xlsx", "xlsx", yearbookXLSX},
		{"ngtk-ha-noi-doanh-nghiep-2015-2019.xls", "hn-enterprises-xls", "xls", yearbookXLS},
		{"gso-pxweb-trained-workers-by-province.csv", "gso-trained-csv", "csv", pxwebCSV},
		{"gso-pxweb-thu-nhap-binh-quan.json", "gso-income-jsonstat", "jsonstat", incomeJSONStat},
		{"gso-ty-le-that-nghiep.px", "gso-unemployment-px", "px", unemploymentPX},
		{"ilostat-vnm-employment.csv", "ilo-employment-sdmx", "sdmx", ilostatCSV},
		{"worldbank-vnm-gdp-per-person-employed.json", "wb-vnm-productivity", "worldbank", worldBankPage},
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// yearCell is a year header as a yearbook types it: a number, or text for
// "Sơ bộ 2024".
func yearCell(y string) any {
	if n, err := strconv.Atoi(y); err == nil {
		return n
	}
	return y
}

// ---- yearbook table (.xlsx) ----------------------------------------------

// district is a district-level unit of Hà Nội with an invented area and
// 2020 population and yearly growth, of plausible size.
type district struct {
	name   string
	area   float64 // km²
	pop20  float64 // thousand people, 2020
	growth float64 // per year
}

var hanoiDistricts = []district{
	{"Ba Đình", 9.2, 221.9, 0.003}, {"Hoàn Kiếm", 5.3, 135.5, -0.004}, {"Tây Hồ", 24.4, 160.5, 0.012},
	{"Long Biên", 59.8, 322.5, 0.021}, {"Cầu Giấy", 12.3, 292.5, 0.011}, {"Đống Đa", 10.0, 371.6, 0.002},
	{"Hai Bà Trưng", 10.3, 304.1, 0.001}, {"Hoàng Mai", 41.0, 506.3, 0.019}, {"Thanh Xuân", 9.2, 293.5, 0.008},
	{"Nam Từ Liêm", 32.2, 266.4, 0.026}, {"Bắc Từ Liêm", 45.3, 335.1, 0.022}, {"Hà Đông", 49.6, 358.9, 0.024},
	{"Sơn Tây", 117.2, 146.0, 0.011}, {"Sóc Sơn", 304.8, 348.2, 0.017}, {"Đông Anh", 185.6, 384.6, 0.025},
	{"Gia Lâm", 116.7, 292.9, 0.023}, {"Thanh Trì", 63.2, 286.6, 0.02}, {"Mê Linh", 142.5, 241.6, 0.016},
	{"Ba Vì", 424.0, 305.0, 0.01}, {"Phúc Thọ", 118.5, 185.4, 0.009}, {"Đan Phượng", 78.0, 166.7, 0.015},
	{"Hoài Đức", 84.9, 278.3, 0.021}, {"Quốc Oai", 151.1, 200.8, 0.013}, {"Thạch Thất", 184.6, 209.6, 0.014},
	{"Chương Mỹ", 237.4, 346.1, 0.012}, {"Thanh Oai", 123.9, 217.9, 0.013}, {"Thường Tín", 130.4, 256.2, 0.01},
	{"Phú Xuyên", 173.6, 214.0, 0.008}, {"Ứng Hòa", 188.2, 211.9, 0.007}, {"Mỹ Đức", 230.0, 202.6, 0.008},
}

// yearbookXLSX writes a table laid out as the Hà Nội Statistics Office's
// yearbook lays out its district tables: a numbered bilingual title, a
// two-row header band with merged cells, the last year "Sơ bộ 2024", the
// city total first, and a footnote.
func yearbookXLSX() ([]byte, []fact, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Biểu 02.03"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, nil, err
	}
	years := []string{"2020", "2021", "2022", "2023", "Sơ bộ 2024"}
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			panic(err)
		}
	}
	col := func(i int) string { c, _ := excelize.ColumnNumberToName(i + 1); return c }
	set("A1", "02.03. Diện tích, dân số trung bình và mật độ dân số phân theo quận, huyện, thị xã (DỮ LIỆU MẪU)")
	set("A2", "Area, average population and population density by district (SAMPLE DATA)")
	// The area and density blocks span two years, as the population block
	// spans five: a header cell merged over its years names the measure.
	// Density comes before population, not last: densities of 1,800–2,100
	// people per km² look like years, and the table finder takes a row that
	// ends in two of them for a header row (see the report of this change).
	set("A4", "Quận, huyện, thị xã")
	set("B4", "Diện tích (Km²)")
	set("F4", "Dân số trung bình (Nghìn người)")
	set("D4", "Mật độ dân số (Người/km²)")
	short := years[len(years)-2:]
	for i, y := range short {
		set(col(1+i)+"5", yearCell(y))
		set(col(3+i)+"5", yearCell(y))
	}
	for i, y := range years {
		set(col(5+i)+"5", yearCell(y))
	}
	for _, m := range [][2]string{{"A1", "J1"}, {"A2", "J2"}, {"A4", "A5"}, {"B4", "C4"}, {"D4", "E4"}, {"F4", "J4"}} {
		if err := f.MergeCell(sh, m[0], m[1]); err != nil {
			return nil, nil, err
		}
	}
	type line struct {
		name string
		area float64
		pop  []float64
	}
	var lines []line
	total := line{name: "Toàn thành phố", pop: make([]float64, len(years))}
	for _, d := range hanoiDistricts {
		l := line{name: d.name, area: d.area}
		for i := range years {
			p := round1(d.pop20 * math.Pow(1+d.growth, float64(i)))
			l.pop = append(l.pop, p)
			total.pop[i] += p
		}
		total.area += d.area
		lines = append(lines, l)
	}
	total.area = round1(total.area)
	for i := range total.pop {
		total.pop[i] = round1(total.pop[i])
	}
	lines = append([]line{total}, lines...)
	var facts []fact
	for k, l := range lines {
		r := strconv.Itoa(6 + k)
		set("A"+r, l.name)
		for i, y := range short {
			set(col(1+i)+r, l.area)
			facts = append(facts, fact{match: []string{l.name, "Diện tích"}, period: y, value: l.area})
		}
		for i, y := range years {
			set(col(5+i)+r, l.pop[i])
			facts = append(facts, fact{match: []string{l.name, "Dân số trung bình"}, period: y, value: l.pop[i]})
		}
		for i, y := range short {
			dens := math.Round(l.pop[len(years)-2+i] * 1000 / l.area)
			set(col(3+i)+r, dens)
			facts = append(facts, fact{match: []string{l.name, "Mật độ"}, period: y, value: dens})
		}
	}
	foot := strconv.Itoa(6 + len(lines) + 1)
	set("A"+foot, "Ghi chú: "+sampleNote+". Số liệu do chitieu tạo ra để minh hoạ, không phải của Cục Thống kê thành phố Hà Nội.")
	if err := f.SetColWidth(sh, "A", "A", 22); err != nil {
		return nil, nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Niên giám thống kê Hà Nội – bảng mẫu (" + sampleNote + ")",
		Description: sampleNote, Creator: "chitieu", Created: "2025-06-30T00:00:00Z", Modified: "2025-06-30T00:00:00Z"}); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), facts, nil
}

// ---- legacy yearbook table (.xls, BIFF8 in an OLE2 compound file) ---------

// yearbookXLS writes a small Excel 97–2003 workbook the way the statistics
// offices' archives hold their older yearbook tables: active enterprises
// by type of ownership, 2015–2019, with a sub-item level.
func yearbookXLS() ([]byte, []fact, error) {
	years := []int{2015, 2016, 2017, 2018, 2019}
	total := []float64{102150, 111930, 121540, 131270, 142380}
	central := []float64{680, 655, 620, 590, 560}
	local := []float64{340, 318, 290, 262, 240}
	fdi := []float64{3150, 3480, 3920, 4390, 4900}
	state := make([]float64, 5)
	private := make([]float64, 5)
	for i := range years {
		state[i] = central[i] + local[i]
		private[i] = total[i] - state[i] - fdi[i]
	}
	rows := []struct {
		label string
		vals  []float64
	}{
		{"TỔNG SỐ", total},
		{"Doanh nghiệp Nhà nước", state},
		{"   Trung ương", central},
		{"   Địa phương", local},
		{"Doanh nghiệp ngoài Nhà nước", private},
		{"Doanh nghiệp có vốn đầu tư nước ngoài", fdi},
	}
	var x xlsWriter
	x.label(0, 0, "Số doanh nghiệp đang hoạt động có kết quả sản xuất kinh doanh tại thời điểm 31/12 phân theo loại hình doanh nghiệp (DỮ LIỆU MẪU)")
	x.merge(0, 0, 0, 5)
	x.label(1, 0, "Number of active enterprises having business outcomes as of 31 Dec by type of enterprise (SAMPLE DATA)")
	x.merge(1, 1, 0, 5)
	x.label(2, 5, "Đơn vị tính: Doanh nghiệp")
	x.label(3, 0, "Loại hình doanh nghiệp")
	for i, y := range years {
		x.number(3, 1+i, float64(y))
	}
	var facts []fact
	for k, r := range rows {
		x.label(4+k, 0, r.label)
		for i, v := range r.vals {
			x.number(4+k, 1+i, v)
			facts = append(facts, fact{match: []string{strings.TrimSpace(r.label)}, period: strconv.Itoa(years[i]), value: v})
		}
	}
	x.label(4+len(rows)+1, 0, "Ghi chú: "+sampleNote+".")
	return x.workbook("Biểu 06.01"), facts, nil
}

// xlsWriter builds one BIFF8 worksheet: strings go to the shared string
// table, numbers are NUMBER records in the General format.
type xlsWriter struct {
	sst    []string
	sstIdx map[string]int
	cells  [][]byte
	merges [][4]int // first row, last row, first col, last col
	maxRow int
	maxCol int
}

func biffRec(typ uint16, data ...[]byte) []byte {
	var body []byte
	for _, d := range data {
		body = append(body, d...)
	}
	b := binary.LittleEndian.AppendUint16(nil, typ)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(body)))
	return append(b, body...)
}

func le16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func le32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

// xlString is an XLUnicodeString with UTF-16 characters.
func xlString(s string) []byte {
	u := utf16Units(s)
	b := append(le16(len(u)), 1)
	for _, c := range u {
		b = append(b, le16(int(c))...)
	}
	return b
}

func utf16Units(s string) []uint16 {
	var u []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			u = append(u, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		u = append(u, uint16(r))
	}
	return u
}

const xfGeneral = 15 // the first cell XF, after the 15 style XFs

func (x *xlsWriter) grow(row, col int) {
	x.maxRow, x.maxCol = max(x.maxRow, row), max(x.maxCol, col)
}

func (x *xlsWriter) label(row, col int, s string) {
	if x.sstIdx == nil {
		x.sstIdx = map[string]int{}
	}
	i, ok := x.sstIdx[s]
	if !ok {
		i = len(x.sst)
		x.sst = append(x.sst, s)
		x.sstIdx[s] = i
	}
	x.cells = append(x.cells, biffRec(0x00FD, le16(row), le16(col), le16(xfGeneral), le32(i))) // LABELSST
	x.grow(row, col)
}

func (x *xlsWriter) number(row, col int, v float64) {
	x.cells = append(x.cells, biffRec(0x0203, le16(row), le16(col), le16(xfGeneral),
		binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))) // NUMBER
	x.grow(row, col)
}

func (x *xlsWriter) merge(r1, r2, c1, c2 int) { x.merges = append(x.merges, [4]int{r1, r2, c1, c2}) }

// workbook returns the Workbook stream wrapped in an OLE2 compound file.
func (x *xlsWriter) workbook(sheetName string) []byte {
	bof := func(dt int) []byte {
		// BIFF8, substream type, build 0x0DBB year 1996, file history flags, lowest version.
		return biffRec(0x0809, le16(0x0600), le16(dt), le16(0x0DBB), le16(0x07CC), le32(0x000100C1), le32(0x00000406))
	}
	var g []byte
	g = append(g, bof(0x0005)...)
	g = append(g, biffRec(0x0042, le16(1200))...)                                                                                       // CODEPAGE: UTF-16
	g = append(g, biffRec(0x003D, le16(0), le16(0), le16(0x3000), le16(0x2000), le16(0x38), le16(0), le16(0), le16(1), le16(0x258))...) // WINDOW1
	font := func() []byte {
		name := "Times New Roman"
		b := append(le16(200), le16(0)...)                    // 10 pt, no attributes
		b = append(b, le16(0x7FFF)...)                        // automatic colour
		b = append(b, le16(400)...)                           // normal weight
		b = append(b, le16(0)...)                             // no super/subscript
		b = append(b, 0, 0, 163, 0)                           // underline, family, charset 163 (Vietnamese), reserved
		return append(append(b, byte(len(name)), 0), name...) // ShortXLUnicodeString, 8-bit
	}
	for i := 0; i < 4; i++ { // fonts 0–3; index 4 does not exist in BIFF
		g = append(g, biffRec(0x0031, font())...)
	}
	xf := func(style bool) []byte {
		flags := 0x0001 // locked, parent = style XF 0
		if style {
			flags = 0xFFF5 // locked, style XF, no parent
		}
		return biffRec(0x00E0, le16(0), le16(0), le16(flags), []byte{0x20, 0, 0, 0}, make([]byte, 8), le16(0x20C0))
	}
	for i := 0; i < 15; i++ {
		g = append(g, xf(true)...)
	}
	g = append(g, xf(false)...)                                         // XF 15: General
	g = append(g, biffRec(0x0293, le16(0x8000), []byte{0x00, 0xFF})...) // STYLE: built-in Normal
	boundAt := len(g) + 4
	name := utf16Units(sheetName)
	bs := append(le32(0), 0, 0, byte(len(name)), 1)
	for _, c := range name {
		bs = append(bs, le16(int(c))...)
	}
	g = append(g, biffRec(0x0085, bs)...) // BOUNDSHEET, offset patched below
	// SST, and EXTSST with one bucket per 8 strings.
	sstStart := len(g)
	sst := append(le32(len(x.sst)), le32(len(x.sst))...)
	var ext []byte
	for i, s := range x.sst {
		if i%8 == 0 {
			at := sstStart + 4 + len(sst)
			ext = append(ext, le32(at)...)
			ext = append(ext, le16(at-sstStart)...)
			ext = append(ext, le16(0)...)
		}
		sst = append(sst, xlString(s)...)
	}
	if len(sst) > 8224 {
		panic("xlsWriter: shared strings need CONTINUE records, which this writer does not write")
	}
	g = append(g, biffRec(0x00FC, sst)...)
	g = append(g, biffRec(0x00FF, le16(8), ext)...)
	g = append(g, biffRec(0x000A)...) // EOF
	binary.LittleEndian.PutUint32(g[boundAt:], uint32(len(g)))

	g = append(g, bof(0x0010)...)
	g = append(g, biffRec(0x0200, le32(0), le32(x.maxRow+1), le16(0), le16(x.maxCol+1), le16(0))...) // DIMENSIONS
	for _, c := range x.cells {
		g = append(g, c...)
	}
	if len(x.merges) > 0 {
		m := le16(len(x.merges))
		for _, r := range x.merges {
			m = append(m, le16(r[0])...)
			m = append(m, le16(r[1])...)
			m = append(m, le16(r[2])...)
			m = append(m, le16(r[3])...)
		}
		g = append(g, biffRec(0x00E5, m)...)
	}
	g = append(g, biffRec(0x023E, le16(0x06B6), le16(0), le16(0), le16(64), le16(0), le16(0), le16(0), le16(0), le16(0))...) // WINDOW2
	g = append(g, biffRec(0x000A)...)                                                                                        // EOF
	return compoundFile("Workbook", g)
}

// compoundFile wraps one stream in a minimal OLE2 compound file (version 3,
// 512-byte sectors): header, one FAT sector, one directory sector, then the
// stream. Streams under 4,096 bytes belong in the mini stream, which this
// writer does not write, so the stream is padded to that size with zeros
// (after the workbook's last EOF record, where readers stop).
func compoundFile(streamName string, stream []byte) []byte {
	const sector = 512
	const (
		freeSect   = 0xFFFFFFFF
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	if len(stream) < 4096 {
		stream = append(stream, make([]byte, 4096-len(stream))...)
	}
	n := (len(stream) + sector - 1) / sector
	if 2+n > sector/4 {
		panic("compoundFile: stream too large for one FAT sector")
	}
	hdr := make([]byte, sector)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	put16 := func(b []byte, off, v int) { binary.LittleEndian.PutUint16(b[off:], uint16(v)) }
	put32 := func(b []byte, off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	put16(hdr, 0x18, 0x003E)     // minor version
	put16(hdr, 0x1A, 0x0003)     // major version 3
	put16(hdr, 0x1C, 0xFFFE)     // little-endian
	put16(hdr, 0x1E, 9)          // 512-byte sectors
	put16(hdr, 0x20, 6)          // 64-byte mini sectors
	put32(hdr, 0x2C, 1)          // one FAT sector
	put32(hdr, 0x30, 1)          // directory starts at sector 1
	put32(hdr, 0x38, 4096)       // mini stream cutoff
	put32(hdr, 0x3C, endOfChain) // no mini FAT
	put32(hdr, 0x44, endOfChain) // no DIFAT sectors
	put32(hdr, 0x4C, 0)          // DIFAT[0]: the FAT is sector 0
	for off := 0x50; off < sector; off += 4 {
		put32(hdr, off, freeSect)
	}
	fat := make([]byte, sector)
	for off := 0; off < sector; off += 4 {
		put32(fat, off, freeSect)
	}
	put32(fat, 0, fatSect)
	put32(fat, 4, endOfChain)
	for i := 0; i < n; i++ {
		next := uint32(2 + i + 1)
		if i == n-1 {
			next = endOfChain
		}
		put32(fat, 4*(2+i), next)
	}
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, start uint32, size int) {
		e := dir[i*128 : (i+1)*128]
		u := utf16Units(name)
		for k, c := range u {
			put16(e, 2*k, int(c))
		}
		if name != "" {
			put16(e, 0x40, 2*(len(u)+1))
		}
		e[0x42] = typ
		e[0x43] = 1 // black
		put32(e, 0x44, noStream)
		put32(e, 0x48, noStream)
		put32(e, 0x4C, child)
		put32(e, 0x74, start)
		put32(e, 0x78, uint32(size))
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, streamName, 2, noStream, 2, len(stream))
	entry(2, "", 0, noStream, 0, 0)
	entry(3, "", 0, noStream, 0, 0)
	out := append(hdr, fat...)
	out = append(out, dir...)
	out = append(out, stream...)
	if pad := len(out) % sector; pad != 0 {
		out = append(out, make([]byte, sector-pad)...)
	}
	return out
}

// ---- GSO PX-Web "save as CSV" ---------------------------------------------

// pxwebCSV writes a table the way GSO's PX-Web saves one as CSV: UTF-8 with
// a BOM, CRLF, a quoted title line, a blank line, ';' between cells, the
// last year "Prel. 2024", provinces without diacritics.
func pxwebCSV() ([]byte, []fact, error) {
	years := []string{"2019", "2020", "2021", "2022", "2023", "Prel. 2024"}
	places := []struct {
		label, geo  string
		v2019, step float64
	}{
		{" WHOLE COUNTRY", "VN", 22.8, 1.0},
		{"Red River Delta", "R1", 31.0, 1.3},
		{"Ha Noi", "01", 48.3, 1.5},
		{"Hai Phong", "31", 32.4, 1.2},
		{"Da Nang", "48", 42.1, 1.1},
		{"Ho Chi Minh city", "79", 36.0, 1.2},
		{"Can Tho", "92", 18.9, 0.9},
	}
	var b strings.Builder
	b.WriteString("\ufeff\"Percentage of trained employed workers at 15 years of age and above by province by Cities, provincies and Year (" + sampleNoteEN + ")\"\r\n\r\n")
	b.WriteString(`"Cities, provincies"`)
	for _, y := range years {
		b.WriteString(`;"` + y + `"`)
	}
	b.WriteString("\r\n")
	var facts []fact
	for _, p := range places {
		b.WriteString(`"` + p.label + `"`)
		for i, y := range years {
			v := round1(p.v2019 + p.step*float64(i))
			if i == 1 || i == 2 { // 2020–2021: the pandemic slowed the rise
				v = round1(v - 0.4*p.step)
			}
			b.WriteString(";" + strconv.FormatFloat(v, 'f', 2, 64))
			facts = append(facts, fact{match: []string{"trained employed workers"}, geo: p.geo, period: y, value: v})
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String()), facts, nil
}

// ---- JSON-stat 2.0 as PX-Web's API serves it ------------------------------

// incomeJSONStat writes the answer of a PX-Web API v1 POST query with
// "response": {"format": "json-stat2"}: monthly income per capita by
// province, urban/rural, in the survey years.
func incomeJSONStat() ([]byte, []fact, error) {
	places := []struct {
		code, label string
		base        float64 // thousand VND per month, 2016
	}{
		{"VN", "Cả nước", 3098}, {"01", "Hà Nội", 5520}, {"31", "Hải Phòng", 4810},
		{"48", "Đà Nẵng", 4860}, {"79", "TP. Hồ Chí Minh", 6010}, {"92", "Cần Thơ", 3690},
	}
	areas := []struct {
		code, label string
		factor      float64
	}{{"0", "Tổng số", 1}, {"1", "Thành thị", 1.28}, {"2", "Nông thôn", 0.74}}
	years := []string{"2016", "2018", "2020", "2022", "2024"}
	growth := []float64{1, 1.21, 1.24, 1.44, 1.65} // 2020: the pandemic
	index := func(codes ...string) map[string]int {
		m := map[string]int{}
		for i, c := range codes {
			m[c] = i
		}
		return m
	}
	var placeCodes, areaCodes []string
	placeLabels, areaLabels, yearLabels := map[string]string{}, map[string]string{}, map[string]string{}
	for _, p := range places {
		placeCodes = append(placeCodes, p.code)
		placeLabels[p.code] = p.label
	}
	for _, a := range areas {
		areaCodes = append(areaCodes, a.code)
		areaLabels[a.code] = a.label
	}
	for _, y := range years {
		yearLabels[y] = y
	}
	var values []float64
	var facts []fact
	for _, p := range places {
		for _, a := range areas {
			for i, y := range years {
				v := math.Round(p.base * a.factor * growth[i])
				values = append(values, v)
				facts = append(facts, fact{match: []string{"ContentsCode=TNBQ", "=" + a.code}, geo: p.code, period: y, value: v})
			}
		}
	}
	type category struct {
		Index map[string]int    `json:"index"`
		Label map[string]string `json:"label"`
		Unit  map[string]any    `json:"unit,omitempty"`
	}
	type dimension struct {
		Label     string         `json:"label"`
		Category  category       `json:"category"`
		Extension map[string]any `json:"extension,omitempty"`
	}
	show := map[string]any{"show": "value"}
	ds := map[string]any{
		"version": "2.0",
		"class":   "dataset",
		"label":   "Thu nhập bình quân đầu người một tháng theo giá hiện hành phân theo tỉnh, thành phố, thành thị, nông thôn và năm (DỮ LIỆU MẪU)",
		"source":  "Khảo sát mức sống dân cư (mẫu do chitieu tạo ra)",
		"updated": "2025-06-30T00:00:00Z",
		"note":    []string{sampleNote + ".", "Số liệu năm 2024 là số liệu sơ bộ."},
		"id":      []string{"Tỉnh, thành phố", "Thành thị, nông thôn", "ContentsCode", "Năm"},
		"size":    []int{len(places), len(areas), 1, len(years)},
		"dimension": map[string]dimension{
			"Tỉnh, thành phố":      {Label: "Tỉnh, thành phố", Category: category{Index: index(placeCodes...), Label: placeLabels}, Extension: show},
			"Thành thị, nông thôn": {Label: "Thành thị, nông thôn", Category: category{Index: index(areaCodes...), Label: areaLabels}, Extension: show},
			"ContentsCode": {Label: "Chỉ tiêu", Category: category{Index: index("TNBQ"),
				Label: map[string]string{"TNBQ": "Thu nhập bình quân đầu người một tháng"},
				Unit:  map[string]any{"TNBQ": map[string]any{"base": "Nghìn đồng", "decimals": 0}}}},
			"Năm": {Label: "Năm", Category: category{Index: index(years...), Label: yearLabels}, Extension: show},
		},
		"role":      map[string][]string{"time": {"Năm"}, "geo": {"Tỉnh, thành phố"}, "metric": {"ContentsCode"}},
		"value":     values,
		"extension": map[string]any{"px": map[string]any{"infofile": "None", "tableid": "MAU_THU_NHAP", "decimals": 0}},
	}
	body, err := json.MarshalIndent(ds, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return append(body, '\n'), facts, nil
}

// ---- PX file ----------------------------------------------------------------

// unemploymentPX writes a PX file as PX-Web exports one, in UTF-8:
// unemployment rate of the working-age labour force by province and
// urban/rural area, 2019–2024.
func unemploymentPX() ([]byte, []fact, error) {
	geos := []struct{ code, label string }{{"VN", "Cả nước"}, {"01", "Hà Nội"}, {"79", "TP. Hồ Chí Minh"}}
	areas := []string{"Tổng số", "Thành thị", "Nông thôn"}
	years := []string{"2019", "2020", "2021", "2022", "2023", "2024"}
	base := map[string][]float64{ // 2019–2024, Tổng số
		"VN": {2.17, 2.48, 3.20, 2.34, 2.28, 2.24},
		"01": {2.05, 2.51, 3.10, 2.18, 2.09, 2.02},
		"79": {2.81, 3.34, 4.95, 3.02, 2.79, 2.71},
	}
	q := func(ss ...string) string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = `"` + s + `"`
		}
		return strings.Join(out, ",")
	}
	var codes, labels []string
	for _, g := range geos {
		codes, labels = append(codes, g.code), append(labels, g.label)
	}
	var b strings.Builder
	w := func(s string) { b.WriteString(s + "\r\n") }
	w(`AXIS-VERSION="2013";`)
	w(`CODEPAGE="utf-8";`)
	w(`LANGUAGE="vi";`)
	w(`CREATION-DATE="20250630 09:00";`)
	w(`DECIMALS=2;`)
	w(`SHOWDECIMALS=2;`)
	w(`MATRIX="MAU_TLTN";`)
	w(`SUBJECT-CODE="LD";`)
	w(`SUBJECT-AREA="Lao động, việc làm";`)
	w(`TITLE="Tỷ lệ thất nghiệp của lực lượng lao động trong độ tuổi phân theo tỉnh, thành phố, thành thị, nông thôn và năm (DỮ LIỆU MẪU)";`)
	w(`CONTENTS="Tỷ lệ thất nghiệp của lực lượng lao động trong độ tuổi";`)
	w(`STUB="Tỉnh, thành phố","Thành thị, nông thôn";`)
	w(`HEADING="Năm";`)
	w(`VALUES("Tỉnh, thành phố")=` + q(labels...) + `;`)
	w(`VALUES("Thành thị, nông thôn")=` + q(areas...) + `;`)
	w(`VALUES("Năm")=` + q(years...) + `;`)
	w(`CODES("Tỉnh, thành phố")=` + q(codes...) + `;`)
	w(`TIMEVAL("Năm")=TLIST(A1),` + q(years...) + `;`)
	w(`UNITS="%";`)
	w(`LAST-UPDATED="20250630 09:00";`)
	w(`SOURCE="Điều tra lao động việc làm (mẫu do chitieu tạo ra)";`)
	w(`NOTE="` + sampleNote + `. Số liệu do chitieu tạo ra để minh hoạ.";`)
	w(`DATA=`)
	var facts []fact
	for _, g := range geos {
		for k, a := range areas {
			var line []string
			for i, y := range years {
				v := base[g.code][i]
				switch k {
				case 1:
					v = math.Round(v*1.22*100) / 100
				case 2:
					v = math.Round(v*0.86*100) / 100
				}
				line = append(line, strconv.FormatFloat(v, 'f', 2, 64))
				facts = append(facts, fact{match: []string{"MAU_TLTN", a}, geo: g.code, period: y, value: v})
			}
			w(strings.Join(line, " "))
		}
	}
	w(`;`)
	return []byte(b.String()), facts, nil
}

// ---- SDMX-CSV 1.0 from ILOSTAT ---------------------------------------------

// ilostatCSV writes an ILOSTAT SDMX REST answer (format=csv, SDMX-CSV 1.0):
// employment by sex, age 15+, Viet Nam, thousands (UNIT_MULT 3).
func ilostatCSV() ([]byte, []fact, error) {
	years := []string{"2019", "2020", "2021", "2022", "2023", "2024"}
	total := []float64{54659.2, 53609.6, 49072.0, 50604.7, 51286.4, 51930.3}
	maleShare := []float64{0.525, 0.527, 0.531, 0.529, 0.528, 0.528}
	var b strings.Builder
	b.WriteString("DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,AGE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE_TYPE,UNIT_MEASURE,UNIT_MULT,SOURCE,NOTE_SOURCE,NOTE_INDICATOR,NOTE_CLASSIF,DECIMALS,UPPER_BOUND,LOWER_BOUND\n")
	var facts []fact
	for _, sex := range []string{"SEX_T", "SEX_M", "SEX_F"} {
		for i, y := range years {
			m := round1(total[i] * maleShare[i])
			v := map[string]float64{"SEX_T": total[i], "SEX_M": m, "SEX_F": round1(total[i] - m)}[sex]
			fmt.Fprintf(&b, "ILO:DF_EMP_TEMP_SEX_AGE_NB(1.0),VNM,A,EMP_TEMP_NB,%s,AGE_YTHADULT_YGE15,%s,%s,,NB,PS,3,LFS - Labour Force Survey,\"%s\",,,1,,\n",
				sex, y, strconv.FormatFloat(v, 'f', 1, 64), sampleNoteEN)
			facts = append(facts, fact{match: []string{"DF_EMP_TEMP_SEX_AGE_NB", sex}, geo: "VN", period: y, value: v * 1000})
		}
	}
	return []byte(b.String()), facts, nil
}

// ---- World Bank API v2 -----------------------------------------------------

// worldBankPage writes one page of the World Bank Indicators API v2 answer
// for Viet Nam's GDP per person employed, newest year first, the latest
// year not yet published (null).
func worldBankPage() ([]byte, []fact, error) {
	type idValue struct {
		ID    string `json:"id"`
		Value string `json:"value"`
	}
	type obs struct {
		Indicator idValue  `json:"indicator"`
		Country   idValue  `json:"country"`
		ISO3      string   `json:"countryiso3code"`
		Date      string   `json:"date"`
		Value     *float64 `json:"value"`
		Unit      string   `json:"unit"`
		ObsStatus string   `json:"obs_status"`
		Decimal   int      `json:"decimal"`
		Footnote  string   `json:"footnote"`
	}
	vals := map[int]float64{2015: 10024, 2016: 10580, 2017: 11190, 2018: 11830, 2019: 12480,
		2020: 12890, 2021: 14210, 2022: 14960, 2023: 15580}
	var rows []obs
	var facts []fact
	for y := 2024; y >= 2015; y-- {
		o := obs{Indicator: idValue{"SL.GDP.PCAP.EM.KD", "GDP per person employed (constant 2021 PPP $)"},
			Country: idValue{"VN", "Viet Nam"}, ISO3: "VNM", Date: strconv.Itoa(y), Footnote: sampleNoteEN}
		f := fact{match: []string{"SL.GDP.PCAP.EM.KD"}, geo: "VN", period: strconv.Itoa(y)}
		if v, ok := vals[y]; ok {
			o.Value, f.value = &v, v
		} else {
			f.null = true
		}
		rows = append(rows, o)
		facts = append(facts, f)
	}
	meta := struct {
		Page        int    `json:"page"`
		Pages       int    `json:"pages"`
		PerPage     int    `json:"per_page"`
		Total       int    `json:"total"`
		SourceID    string `json:"sourceid"`
		SourceName  string `json:"sourcename"`
		LastUpdated string `json:"lastupdated"`
	}{1, 1, 50, len(rows), "2", "World Development Indicators (" + sampleNoteEN + ")", "2025-07-01"}
	body, err := json.Marshal([]any{meta, rows})
	if err != nil {
		return nil, nil, err
	}
	return body, facts, nil
}

// ---- the test ------------------------------------------------------------

type collect struct {
	info extract.Info
	rows []extract.RawRow
}

func (c *collect) Describe(i extract.Info) { c.info = i }
func (c *collect) Row(r extract.RawRow) error {
	c.rows = append(c.rows, r)
	return nil
}

// TestSampleSources writes (with -update) or checks the generated sample
// files: each is a configured sample source, under 50 KB, says it is sample
// data, is detected as the kind sources.toml gives, and decodes to exactly
// the facts it was generated from.
func TestSampleSources(t *testing.T) {
	cfg, err := schedules.LoadConfig("sources.toml")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]schedules.SourceDef{}
	for _, s := range cfg.Sources {
		byName[s.Name] = s
	}
	for _, sf := range sampleFiles() {
		t.Run(sf.name, func(t *testing.T) {
			path := filepath.Join(sampleDir, sf.name)
			body, facts, err := sf.build()
			if err != nil {
				t.Fatal(err)
			}
			if updating() {
				if err := os.WriteFile(path, body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run this test with -update)", err)
			}
			if len(got) >= 50<<10 {
				t.Errorf("%d bytes; keep sample files under 50 KB", len(got))
			}
			src, ok := byName[sf.source]
			switch {
			case !ok:
				t.Fatalf("sources.toml has no source %q", sf.source)
			case !src.Sample || src.Kind != sf.kind:
				t.Errorf("source %s: sample = %v, kind = %q; want sample = true, kind = %q", sf.source, src.Sample, src.Kind, sf.kind)
			}
			if files, err := cfg.Files(src); err != nil || len(files) != 1 || filepath.Base(files[0]) != sf.name {
				t.Errorf("source %s reads %v (%v), want %s", sf.source, files, err, sf.name)
			}
			if !sampleMarked(got) {
				t.Errorf("the file does not say it is sample data (%q)", sampleNoteEN)
			}
			pl := extract.NewPayload(sf.source, path, got, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
			if dec, err := extract.Detect(pl); err != nil || dec.Name() != sf.kind {
				t.Errorf("detected as %v (%v), want %s", dec, err, sf.kind)
			}
			dec, err := extract.ByName(sf.kind)
			if err != nil {
				t.Fatal(err)
			}
			var c collect
			if err := dec.Decode(context.Background(), pl, &c); err != nil {
				t.Fatal(err)
			}
			checkFacts(t, c.rows, facts)
		})
	}
}

// sampleMarked looks for the sample note in the file's text: plain, inside
// the zip of an .xlsx, or as UTF-16 in an .xls.
func sampleMarked(body []byte) bool {
	for _, needle := range []string{sampleNoteEN, "SAMPLE DATA"} {
		if bytes.Contains(body, []byte(needle)) {
			return true
		}
		var u []byte
		for _, c := range utf16Units(needle) {
			u = append(u, le16(int(c))...)
		}
		if bytes.Contains(body, u) {
			return true
		}
	}
	if r, err := excelize.OpenReader(bytes.NewReader(body)); err == nil {
		defer r.Close()
		p, err := r.GetDocProps()
		return err == nil && strings.Contains(p.Description, sampleNoteEN)
	}
	return false
}

// checkFacts pairs every decoded row with one fact, and fails for a row
// without one or a fact without a row.
func checkFacts(t *testing.T, rows []extract.RawRow, facts []fact) {
	t.Helper()
	if len(rows) != len(facts) {
		t.Errorf("%d rows decoded, %d values written", len(rows), len(facts))
	}
	used := make([]bool, len(facts))
	for _, r := range rows {
		text := r.Series + " " + r.SeriesName
		for k, v := range r.Dims {
			text += " " + k + "=" + v
		}
		geo := ""
		if strings.TrimSpace(r.Geo) != "" {
			g, err := transform.ParseGeo(r.Geo)
			if err != nil {
				t.Errorf("row %+v: %v", r, err)
				continue
			}
			geo = g
		}
		p, err := transform.ParsePeriod(r.Period)
		if err != nil {
			t.Errorf("row %+v: %v", r, err)
			continue
		}
		n, err := transform.ParseNumber(r.Value)
		if err != nil {
			t.Errorf("row %+v: %v", r, err)
			continue
		}
		v := n.Value * math.Pow10(r.UnitMult)
		found := false
		for i, f := range facts {
			if used[i] || f.geo != geo || f.null != n.Missing {
				continue
			}
			if fp, _ := transform.ParsePeriod(f.period); fp.Kind != p.Kind || !fp.Start.Equal(p.Start) || !fp.End.Equal(p.End) || fp.Preliminary != p.Preliminary {
				continue
			}
			if !f.null && math.Abs(f.value-v) > 1e-9*math.Max(1, math.Abs(v)) {
				continue
			}
			all := true
			for _, m := range f.match {
				all = all && strings.Contains(text, m)
			}
			if all {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("decoded row matches no written value: series %q (%s), geo %q, period %q, value %q ×10^%d",
				r.Series, r.SeriesName, r.Geo, r.Period, r.Value, r.UnitMult)
		}
	}
	for i, f := range facts {
		if !used[i] {
			t.Errorf("written value not decoded: %+v", f)
		}
	}
}

// TestXLSContainer checks the compound-file wrapper with an independent
// reader: the stream comes back whole under its name.
func TestXLSContainer(t *testing.T) {
	stream := bytes.Repeat([]byte("chitieu "), 700) // over 4 KiB: no padding
	doc, err := mscfb.New(bytes.NewReader(compoundFile("Workbook", stream)))
	if err != nil {
		t.Fatal(err)
	}
	entry, err := doc.Next()
	if err != nil || entry.Name != "Workbook" || entry.Size != int64(len(stream)) {
		t.Fatalf("entry %+v, %v", entry, err)
	}
	got := make([]byte, entry.Size)
	if _, err := doc.Read(got); err != nil || !bytes.Equal(got, stream) {
		t.Errorf("stream read back differs (%v)", err)
	}
}

// TestProductionConfig checks that the documented production sources file
// parses and is well-formed: nothing in it is sample data, every URL is
// HTTPS with a decoder that exists, and every request body is JSON. The
// URLs themselves are not fetched (the tests run offline).
func TestProductionConfig(t *testing.T) {
	cfg, err := schedules.LoadConfig("sources.production.toml")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, s := range cfg.Sources {
		if s.Sample || s.Description == "" {
			t.Errorf("%s: sample = %v, description %q: production sources are not sample data and say what they are", s.Name, s.Sample, s.Description)
		}
		if s.URL == "" {
			continue
		}
		if !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("%s: %s is not HTTPS", s.Name, s.URL)
		}
		if _, err := extract.ByName(s.Kind); err != nil {
			t.Errorf("%s: kind %q: %v", s.Name, s.Kind, err)
		}
		kinds[s.Kind] = true
		if s.Method == "POST" && !json.Valid([]byte(s.Body)) {
			t.Errorf("%s: the POST body is not JSON:\n%s", s.Name, s.Body)
		}
	}
	for _, k := range []string{"worldbank", "sdmx", "jsonstat"} {
		if !kinds[k] {
			t.Errorf("no %s source among the production URLs", k)
		}
	}
}
