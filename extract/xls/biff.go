package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"

	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// This file reads the BIFF8 records of an Excel 97–2003 workbook: the
// workbook globals (shared strings, fonts, number formats, cell formats,
// sheet list) once, and then each worksheet's cell records in file order,
// which is row order, so that a sheet can be handed on row by row.

// BIFF record types used here ([MS-XLS] 2.3).
const (
	recFormula     = 0x0006
	recEOF         = 0x000A
	recDateMode    = 0x0022
	recFont        = 0x0031
	recContinue    = 0x003C
	recCodePage    = 0x0042
	recBoundSheet  = 0x0085
	recMulRK       = 0x00BD
	recRString     = 0x00D6
	recXF          = 0x00E0
	recMergedCells = 0x00E5
	recSST         = 0x00FC
	recLabelSST    = 0x00FD
	recNumber      = 0x0203
	recLabel       = 0x0204
	recBoolErr     = 0x0205
	recString      = 0x0207
	recRK          = 0x027E
	recFormat      = 0x041E
	recBOF         = 0x0809
)

var (
	errNotOLE   = errors.New("not an OLE2 compound file (a legacy .xls starts with D0 CF 11 E0 A1 B1 1A E1)")
	errNoBook   = errors.New("the compound file holds no Workbook stream (not an Excel workbook)")
	errBIFF5    = errors.New("Excel 5.0/95 workbook (BIFF5): only Excel 97–2003 (BIFF8) .xls is read; save it as .xlsx")
	errEncrypt  = errors.New("the workbook is password-protected (FILEPASS record)")
	errTruncRec = errors.New("truncated BIFF record")
)

// oleMagic is the signature of an OLE2 compound file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// workbook is the globals substream of a BIFF8 workbook.
type workbook struct {
	stream   []byte
	sst      []string
	fonts    []string // font names, by font index (index 4 does not exist)
	formats  map[uint16]string
	xfs      []xf
	sheets   []sheetInfo
	date1904 bool
	codepage uint16
}

type xf struct {
	font   uint16
	format uint16
	indent uint8 // Format Cells → Alignment → Indent: how GSO nests items
}

type sheetInfo struct {
	name   string
	offset uint32
	kind   byte // 0 worksheet, 1 macro sheet, 2 chart, 6 VB module
	hidden byte // 0 visible, 1 hidden, 2 very hidden
}

// openWorkbook reads the OLE container and the workbook globals.
func openWorkbook(body []byte) (*workbook, error) {
	if !bytes.HasPrefix(body, oleMagic) {
		return nil, errNotOLE
	}
	doc, err := mscfb.New(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("corrupt or truncated compound file: %w", err)
	}
	var stream []byte
	biff5 := false
	for {
		entry, err := doc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("corrupt or truncated compound file: %w", err)
		}
		if len(entry.Path) > 0 { // streams in storages (embedded objects) are not the workbook
			continue
		}
		switch entry.Name {
		case "Workbook":
			if entry.Size < 0 || entry.Size > int64(len(body)) {
				return nil, fmt.Errorf("corrupt or truncated compound file: a Workbook stream of %d bytes in a file of %d bytes", entry.Size, len(body))
			}
			stream = make([]byte, entry.Size)
			if _, err := io.ReadFull(entry, stream); err != nil {
				return nil, fmt.Errorf("corrupt or truncated Workbook stream (%d bytes declared): %w", entry.Size, err)
			}
		case "Book":
			biff5 = true
		}
	}
	if stream == nil {
		if biff5 {
			return nil, errBIFF5
		}
		return nil, errNoBook
	}
	wb := &workbook{stream: stream, formats: map[uint16]string{}}
	return wb, wb.readGlobals()
}

// record is one BIFF record with the data of the CONTINUE records that
// follow it, each as its own segment (strings split across them need to know
// where the boundaries are).
type record struct {
	typ  uint16
	segs [][]byte
	next int // offset of the record after it (and its CONTINUEs)
}

func (r record) data() []byte { return r.segs[0] }

// readRecord reads the record at off.
func readRecord(s []byte, off int) (record, error) {
	if off+4 > len(s) {
		return record{}, errTruncRec
	}
	typ := binary.LittleEndian.Uint16(s[off:])
	n := int(binary.LittleEndian.Uint16(s[off+2:]))
	if off+4+n > len(s) {
		return record{}, fmt.Errorf("%w: record 0x%04X at byte %d runs past the end of the stream", errTruncRec, typ, off)
	}
	r := record{typ: typ, segs: [][]byte{s[off+4 : off+4+n]}}
	off += 4 + n
	for off+4 <= len(s) && binary.LittleEndian.Uint16(s[off:]) == recContinue {
		n := int(binary.LittleEndian.Uint16(s[off+2:]))
		if off+4+n > len(s) {
			return record{}, fmt.Errorf("%w: CONTINUE at byte %d runs past the end of the stream", errTruncRec, off)
		}
		r.segs = append(r.segs, s[off+4:off+4+n])
		off += 4 + n
	}
	r.next = off
	return r, nil
}

func (wb *workbook) readGlobals() error {
	s := wb.stream
	r, err := readRecord(s, 0)
	if err != nil {
		return err
	}
	if r.typ != recBOF || len(r.data()) < 4 {
		return errors.New("the Workbook stream does not start with a BOF record")
	}
	if v := binary.LittleEndian.Uint16(r.data()); v != 0x0600 {
		if v == 0x0500 {
			return errBIFF5
		}
		return fmt.Errorf("unsupported BIFF version 0x%04X (only BIFF8, Excel 97–2003, is read)", v)
	}
	for off := r.next; ; {
		r, err := readRecord(s, off)
		if err != nil {
			return fmt.Errorf("workbook globals: %w", err)
		}
		off = r.next
		d := r.data()
		switch r.typ {
		case recEOF:
			return nil
		case 0x002F: // FILEPASS
			return errEncrypt
		case recCodePage:
			if len(d) >= 2 {
				wb.codepage = binary.LittleEndian.Uint16(d)
			}
		case recDateMode:
			wb.date1904 = len(d) >= 2 && binary.LittleEndian.Uint16(d) == 1
		case recFont:
			name := ""
			if len(d) >= 16 {
				name, _, _ = shortString(d[14:])
			}
			if len(wb.fonts) == 4 {
				wb.fonts = append(wb.fonts, "") // font index 4 is never used
			}
			wb.fonts = append(wb.fonts, name)
		case recFormat:
			if len(d) >= 5 {
				rd := &segReader{segs: r.segs}
				rd.skip(2)
				if s, err := rd.unicodeString(); err == nil {
					wb.formats[binary.LittleEndian.Uint16(d)] = s
				}
			}
		case recXF:
			if len(d) >= 4 {
				x := xf{font: binary.LittleEndian.Uint16(d), format: binary.LittleEndian.Uint16(d[2:])}
				if len(d) >= 9 {
					x.indent = d[8] & 0x0F // cIndent, after the alignment and rotation bytes
				}
				wb.xfs = append(wb.xfs, x)
			}
		case recBoundSheet:
			if len(d) >= 8 {
				name, _, _ := shortString(d[6:])
				wb.sheets = append(wb.sheets, sheetInfo{name: name, offset: binary.LittleEndian.Uint32(d), hidden: d[4] & 3, kind: d[5]})
			}
		case recSST:
			if err := wb.readSST(r); err != nil {
				return fmt.Errorf("shared strings: %w", err)
			}
		}
	}
}

// shortString reads a ShortXLUnicodeString (8-bit length).
func shortString(d []byte) (string, int, error) {
	if len(d) < 2 {
		return "", 0, errTruncRec
	}
	n, flags := int(d[0]), d[1]
	d = d[2:]
	if flags&1 == 1 {
		if len(d) < 2*n {
			return "", 0, errTruncRec
		}
		return utf16String(d[:2*n]), 2 + 2*n, nil
	}
	if len(d) < n {
		return "", 0, errTruncRec
	}
	return latin1(d[:n]), 2 + n, nil
}

func utf16String(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// latin1 decodes BIFF8 "compressed" characters: each byte is the low byte of
// a UTF-16 code unit, so the byte is the code point. TCVN3 text arrives here
// as the Latin-1 letters its bytes stand for, and is converted later.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// segReader reads across a record and its CONTINUE segments.
type segReader struct {
	segs [][]byte
	i    int
	off  int
}

func (r *segReader) advance() bool {
	for r.i < len(r.segs) && r.off >= len(r.segs[r.i]) {
		r.i++
		r.off = 0
	}
	return r.i < len(r.segs)
}

func (r *segReader) bytes(n int) ([]byte, error) {
	out := make([]byte, 0, min(n, 16))
	for len(out) < n {
		if !r.advance() {
			return nil, errTruncRec
		}
		seg := r.segs[r.i]
		k := min(n-len(out), len(seg)-r.off)
		out = append(out, seg[r.off:r.off+k]...)
		r.off += k
	}
	return out, nil
}

// skip moves past n bytes without copying them (n comes from the file and
// may be absurd).
func (r *segReader) skip(n int) error {
	for n > 0 {
		if !r.advance() {
			return errTruncRec
		}
		k := min(n, len(r.segs[r.i])-r.off)
		r.off += k
		n -= k
	}
	return nil
}

func (r *segReader) u8() (byte, error) {
	b, err := r.bytes(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (r *segReader) u16() (uint16, error) {
	b, err := r.bytes(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b), nil
}

func (r *segReader) u32() (uint32, error) {
	b, err := r.bytes(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

// chars reads n characters; where they run into the next CONTINUE segment,
// that segment starts with a fresh option byte saying whether the rest is
// 8- or 16-bit ([MS-XLS] 2.1.7.20.4).
func (r *segReader) chars(n int, high bool) (string, error) {
	var b strings.Builder
	for n > 0 {
		if r.i >= len(r.segs) {
			return "", errTruncRec
		}
		if r.off >= len(r.segs[r.i]) {
			r.i++
			r.off = 0
			if r.i >= len(r.segs) || len(r.segs[r.i]) == 0 {
				return "", errTruncRec
			}
			high = r.segs[r.i][0]&1 == 1
			r.off = 1
			continue
		}
		seg := r.segs[r.i][r.off:]
		if high {
			k := min(n, len(seg)/2)
			if k == 0 {
				return "", errTruncRec
			}
			b.WriteString(utf16String(seg[:2*k]))
			r.off += 2 * k
			n -= k
		} else {
			k := min(n, len(seg))
			b.WriteString(latin1(seg[:k]))
			r.off += k
			n -= k
		}
	}
	return b.String(), nil
}

// unicodeString reads an XLUnicodeRichExtendedString (the SST form, also
// valid for the plain XLUnicodeString of LABEL, FORMAT and STRING records,
// whose option byte never sets the rich and phonetic bits).
func (r *segReader) unicodeString() (string, error) {
	n, err := r.u16()
	if err != nil {
		return "", err
	}
	flags, err := r.u8()
	if err != nil {
		return "", err
	}
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		v, err := r.u16()
		if err != nil {
			return "", err
		}
		runs = int(v)
	}
	if flags&0x04 != 0 {
		v, err := r.u32()
		if err != nil {
			return "", err
		}
		ext = int(v)
	}
	s, err := r.chars(int(n), flags&1 == 1)
	if err != nil {
		return "", err
	}
	if err := r.skip(4*runs + ext); err != nil {
		return "", err
	}
	return s, nil
}

func (wb *workbook) readSST(r record) error {
	rd := &segReader{segs: r.segs}
	if err := rd.skip(4); err != nil {
		return err
	}
	unique, err := rd.u32()
	if err != nil {
		return err
	}
	// The count comes from the file: cap the allocation by what the record
	// could possibly hold (at least 3 bytes per string).
	size := 0
	for _, s := range r.segs {
		size += len(s)
	}
	wb.sst = make([]string, 0, min(int(unique), size/3+1))
	for i := 0; i < int(unique); i++ {
		s, err := rd.unicodeString()
		if err != nil {
			return fmt.Errorf("string %d of %d: %w", i, unique, err)
		}
		wb.sst = append(wb.sst, s)
	}
	return nil
}

// fontName returns the name of the font of cell format ixfe.
func (wb *workbook) fontName(ixfe uint16) string {
	if int(ixfe) >= len(wb.xfs) {
		return ""
	}
	f := int(wb.xfs[ixfe].font)
	if f >= len(wb.fonts) {
		return ""
	}
	return wb.fonts[f]
}

// formatOf returns the number format code of cell format ixfe.
func (wb *workbook) formatOf(ixfe uint16) (uint16, string) {
	if int(ixfe) >= len(wb.xfs) {
		return 0, "General"
	}
	id := wb.xfs[ixfe].format
	if s, ok := wb.formats[id]; ok {
		return id, s
	}
	return id, builtinFormats[id]
}

// cell is one value cell of a sheet.
type cell struct {
	row, col int // 0-based
	ixfe     uint16
	text     string
	num      float64
	isNum    bool
}

// sheetReader walks one worksheet substream.
type sheetReader struct {
	wb   *workbook
	off  int
	done bool
	err  error
}

// merges reads the MERGEDCELLS records of the sheet at offset off without
// decoding its cells. They follow the cells in the file, and the table
// finder wants them before the first row.
func (wb *workbook) merges(off int) ([][4]int, error) { // {rwFirst, rwLast, colFirst, colLast}, 0-based
	var out [][4]int
	depth := 0
	for {
		r, err := readRecord(wb.stream, off)
		if err != nil {
			return out, err
		}
		off = r.next
		switch r.typ {
		case recBOF:
			depth++
		case recEOF:
			depth--
			if depth <= 0 {
				return out, nil
			}
		case recMergedCells:
			if depth != 1 {
				continue
			}
			d := r.data()
			if len(d) < 2 {
				continue
			}
			n := int(binary.LittleEndian.Uint16(d))
			for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
				e := d[2+8*i:]
				out = append(out, [4]int{
					int(binary.LittleEndian.Uint16(e)), int(binary.LittleEndian.Uint16(e[2:])), // rwFirst, rwLast
					int(binary.LittleEndian.Uint16(e[4:])), int(binary.LittleEndian.Uint16(e[6:])), // colFirst, colLast
				})
			}
		}
	}
}

// newSheetReader positions a reader on the sheet substream at off, after
// its BOF.
func (wb *workbook) newSheetReader(off int) (*sheetReader, error) {
	r, err := readRecord(wb.stream, off)
	if err != nil {
		return nil, err
	}
	if r.typ != recBOF {
		return nil, fmt.Errorf("no BOF record at the sheet's offset %d", off)
	}
	return &sheetReader{wb: wb, off: r.next}, nil
}

// next returns the next value cells of the sheet, in file order. Blank
// cells (BLANK, MULBLANK) carry only formatting and are not returned.
func (sr *sheetReader) next(emit func(cell)) bool {
	if sr.done || sr.err != nil {
		return false
	}
	wb := sr.wb
	for {
		r, err := readRecord(wb.stream, sr.off)
		if err != nil {
			sr.err = err
			return false
		}
		sr.off = r.next
		d := r.data()
		if r.typ == recBOF { // an embedded chart: skip to its EOF
			if err := sr.skipSubstream(); err != nil {
				sr.err = err
				return false
			}
			continue
		}
		if r.typ == recEOF {
			sr.done = true
			return false
		}
		if !isCellRecord(r.typ) {
			continue
		}
		if len(d) < 6 {
			sr.err = fmt.Errorf("%w: cell record 0x%04X of %d bytes", errTruncRec, r.typ, len(d))
			return false
		}
		rw, col := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))
		ixfe := binary.LittleEndian.Uint16(d[4:])
		switch r.typ {
		case recNumber:
			if len(d) < 14 {
				sr.err = errTruncRec
				return false
			}
			emit(cell{row: rw, col: col, ixfe: ixfe, num: math.Float64frombits(binary.LittleEndian.Uint64(d[6:])), isNum: true})
		case recRK:
			if len(d) < 10 {
				sr.err = errTruncRec
				return false
			}
			emit(cell{row: rw, col: col, ixfe: ixfe, num: rk(binary.LittleEndian.Uint32(d[6:])), isNum: true})
		case recMulRK:
			// colFirst, then (ixfe, rk) pairs, then colLast.
			n := (len(d) - 6) / 6
			for i := 0; i < n; i++ {
				e := d[4+6*i:]
				emit(cell{row: rw, col: col + i, ixfe: binary.LittleEndian.Uint16(e), num: rk(binary.LittleEndian.Uint32(e[2:])), isNum: true})
			}
		case recLabelSST:
			if len(d) < 10 {
				sr.err = errTruncRec
				return false
			}
			i := binary.LittleEndian.Uint32(d[6:])
			if int(i) >= len(wb.sst) {
				sr.err = fmt.Errorf("cell %s%d refers to shared string %d of %d", yearbook.ColumnLetter(col), rw+1, i, len(wb.sst))
				return false
			}
			emit(cell{row: rw, col: col, ixfe: ixfe, text: wb.sst[i]})
		case recLabel, recRString:
			rd := &segReader{segs: r.segs, off: 6}
			s, err := rd.unicodeString()
			if err != nil {
				sr.err = err
				return false
			}
			emit(cell{row: rw, col: col, ixfe: ixfe, text: s})
		case recBoolErr:
			if len(d) < 8 {
				sr.err = errTruncRec
				return false
			}
			emit(cell{row: rw, col: col, ixfe: ixfe, text: boolErr(d[6], d[7])})
		case recFormula:
			if len(d) < 14 {
				sr.err = errTruncRec
				return false
			}
			res := d[6:14]
			if res[6] != 0xFF || res[7] != 0xFF {
				emit(cell{row: rw, col: col, ixfe: ixfe, num: math.Float64frombits(binary.LittleEndian.Uint64(res)), isNum: true})
				return true
			}
			switch res[0] {
			case 0: // string: the cached text is in the STRING record that follows
				nr, err := readRecord(wb.stream, sr.off)
				for err == nil && (nr.typ == 0x04BC || nr.typ == 0x0221 || nr.typ == 0x0236) { // SHRFMLA, ARRAY, TABLE
					sr.off = nr.next
					nr, err = readRecord(wb.stream, sr.off)
				}
				if err != nil {
					sr.err = err
					return false
				}
				if nr.typ == recString {
					sr.off = nr.next
					s, err := (&segReader{segs: nr.segs}).unicodeString()
					if err != nil {
						sr.err = err
						return false
					}
					emit(cell{row: rw, col: col, ixfe: ixfe, text: s})
				}
			case 1:
				emit(cell{row: rw, col: col, ixfe: ixfe, text: boolErr(res[2], 0)})
			case 2:
				emit(cell{row: rw, col: col, ixfe: ixfe, text: boolErr(res[2], 1)})
			}
		}
		return true
	}
}

func (sr *sheetReader) skipSubstream() error {
	depth := 1
	for depth > 0 {
		r, err := readRecord(sr.wb.stream, sr.off)
		if err != nil {
			return err
		}
		sr.off = r.next
		switch r.typ {
		case recBOF:
			depth++
		case recEOF:
			depth--
		}
	}
	return nil
}

func isCellRecord(t uint16) bool {
	switch t {
	case recNumber, recRK, recMulRK, recLabelSST, recLabel, recRString, recBoolErr, recFormula:
		return true
	}
	return false
}

// rk decodes an RK number: a float64 with its low 34 bits dropped, or a
// 30-bit integer, either possibly divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func boolErr(v, isErr byte) string {
	if isErr == 0 {
		if v != 0 {
			return "TRUE"
		}
		return "FALSE"
	}
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERROR!"
}
