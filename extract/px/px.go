// Package px decodes PC-Axis / PX files, the native table format of PX-Web:
// the software GSO Viet Nam, the Nordic statistics offices and many others
// publish their databases with. Downloading a table "as PX" is often the only
// way to get every code, unit and footnote of it in one file.
//
// A PX file is a header of keyword statements (KEYWORD[lang]("sub")=value;)
// followed by DATA=, a dense matrix of numbers ending with ';'. STUB lists the
// variables of the matrix rows and HEADING those of its columns; the data are
// written row by row, so over the whole file the STUB variables vary slowest
// and the last HEADING variable fastest. VALUES, CODES, TIMEVAL, UNITS and
// CONTVARIABLE describe the variables; quoted cells (".", "..", "-", …) are
// data symbols whose meaning DATASYMBOL1…6 and DATASYMBOLNIL give.
//
// The decoder emits one extract.RawRow per cell with the file's own codes.
// The time variable (TIMEVAL, VARIABLE-TYPE "T", or a name such as "Năm")
// gives the row's period and the geographic one (MAP, VARIABLE-TYPE "G", or
// a name such as "Tỉnh, thành phố") its place; they are not dimensions of
// the series, so one series runs across every year and place of the table.
// Symbol cells are sent with the symbol as their value text, as a CSV
// export of the same table would have it, so that transform reads them as
// missing-value markers and the raw value keeps what the file says.
// Numbers are kept as written: DECIMALS and SHOWDECIMALS only govern how
// PX-Web displays them. Text is converted from the file's code page (CODEPAGE, or CHARSET="ANSI" for Windows-1252) to UTF-8. Only the
// default language is read: translations (KEYWORD[sv]=…) are ignored. A file
// whose DATA count differs from the product of the variable sizes is refused
// as a whole, naming the file: a shifted matrix would put every number under
// the wrong heading.
package px

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hanoi-sti/chitieu/extract"
)

// Name is the source kind of this decoder in configuration.
const Name = "px"

// Errors wrapped by Decode, for errors.Is.
var (
	// ErrCount means the DATA section does not hold one value per cell.
	ErrCount = errors.New("DATA count does not match the variables")
	// ErrHeader means the header is missing what the data matrix needs, or
	// contradicts itself.
	ErrHeader = errors.New("unusable PX header")
)

// maxCells bounds the cells a header may declare (the product of the sizes).
const maxCells = 1 << 31

// Decoder reads PX files.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() { extract.Register(Decoder{}) }

// Name implements extract.Decoder.
func (Decoder) Name() string { return Name }

// firstKeywords are the keywords a PX file starts with in practice: the
// specification recommends CHARSET, AXIS-VERSION, CODEPAGE, LANGUAGE… first,
// and hand-made files start with MATRIX or TITLE.
var firstKeywords = map[string]bool{
	"CHARSET": true, "AXIS-VERSION": true, "CODEPAGE": true, "LANGUAGE": true, "LANGUAGES": true,
	"CREATION-DATE": true, "NEXT-UPDATE": true, "PX-SERVER": true, "DIRECTORY-PATH": true,
	"UPDATE-FREQUENCY": true, "TABLEID": true, "SYNONYMS": true, "DEFAULT-GRAPH": true,
	"DECIMALS": true, "SHOWDECIMALS": true, "ROUNDING": true, "MATRIX": true, "AGGREGALLOWED": true,
	"AUTOPEN": true, "SUBJECT-CODE": true, "SUBJECT-AREA": true, "CONFIDENTIAL": true,
	"COPYRIGHT": true, "DESCRIPTION": true, "TITLE": true, "DESCRIPTIONDEFAULT": true,
	"CONTENTS": true, "UNITS": true, "STUB": true, "HEADING": true, "INFOFILE": true,
}

// Sniff claims a payload that starts with a PX keyword statement:
// an upper-case keyword from firstKeywords, then "=" and a value ending in
// ";".
func (Decoder) Sniff(head []byte) bool {
	i := 0
	for i < len(head) && (head[i] >= 'A' && head[i] <= 'Z' || head[i] == '-') {
		i++
	}
	if !firstKeywords[string(head[:i])] {
		return false
	}
	rest := head[i:]
	if len(rest) > 0 && rest[0] == '[' {
		end := bytes.IndexByte(rest, ']')
		if end < 0 || end > 16 {
			return false
		}
		rest = rest[end+1:]
	}
	if len(rest) == 0 || rest[0] != '=' {
		return false
	}
	semi := bytes.IndexByte(rest, ';')
	return semi > 0 && !bytes.ContainsAny(rest[:semi], "{}<>")
}

// variable is one dimension of the data matrix.
type variable struct {
	name   string   // as written in STUB/HEADING, default language
	id     string   // VARIABLECODE, else the name
	values []string // VALUES texts
	codes  []string // CODES, else the VALUES texts
	time   bool
	geo    bool
}

// table is what the header says about the matrix.
type table struct {
	matrix   string
	title    string
	contents string
	source   string
	updated  time.Time
	vars     []variable // STUB variables, then HEADING variables
	nStub    int
	n        int    // cells: product of the sizes
	unit     string // UNITS
	contVar  int    // index in vars of CONTVARIABLE, -1 if none
	contUnit []string
	keys     []string // KEYS per STUB variable ("CODES"/"VALUES"), nil for a dense matrix
}

// header indexes the default-language entries by keyword and subkeys.
type header map[string]*entry

func hkey(kw string, subs ...string) string {
	return kw + "\x00" + strings.Join(subs, "\x00")
}

func newHeader(entries []entry) (header, string) {
	h := header{}
	lang := ""
	for i := range entries {
		if e := &entries[i]; e.keyword == "LANGUAGE" && e.lang == "" && len(e.items) > 0 {
			lang = e.items[0]
		}
	}
	// Keywords without a language are the default language's; KEY[xx]= with
	// xx the default language counts too, where the plain one is absent.
	for pass := 0; pass < 2; pass++ {
		for i := range entries {
			e := &entries[i]
			if (pass == 0 && e.lang != "") || (pass == 1 && (e.lang == "" || e.lang != lang)) {
				continue
			}
			k := hkey(e.keyword, e.subkeys...)
			if _, dup := h[k]; !dup {
				h[k] = e
			}
		}
	}
	return h, lang
}

func (h header) list(kw string, subs ...string) []string {
	if e := h[hkey(kw, subs...)]; e != nil {
		return e.items
	}
	return nil
}

func (h header) str(kw string, subs ...string) string {
	return strings.Join(h.list(kw, subs...), ",")
}

func (h header) has(kw string, subs ...string) bool { return h[hkey(kw, subs...)] != nil }

// table builds the matrix description from the header.
func (h header) table(entries []entry) (*table, error) {
	t := &table{
		matrix:   h.str("MATRIX"),
		title:    h.str("TITLE"),
		contents: h.str("CONTENTS"),
		source:   h.str("SOURCE"),
		unit:     h.str("UNITS"),
		contVar:  -1,
	}
	if t.matrix == "" {
		t.matrix = h.str("TABLEID")
	}
	if t.title == "" {
		t.title = h.str("DESCRIPTION")
	}
	stub, heading := h.list("STUB"), h.list("HEADING")
	if len(stub)+len(heading) == 0 {
		return nil, fmt.Errorf("neither STUB nor HEADING: %w", ErrHeader)
	}
	t.nStub = len(stub)
	t.n = 1
	seen := map[string]bool{}
	for _, name := range append(append([]string{}, stub...), heading...) {
		if seen[name] {
			return nil, fmt.Errorf("variable %q is listed twice in STUB/HEADING: %w", name, ErrHeader)
		}
		seen[name] = true
		v := variable{name: name, id: h.str("VARIABLECODE", name), values: h.list("VALUES", name)}
		if v.id == "" {
			v.id = name
		}
		if !h.has("VALUES", name) {
			return nil, fmt.Errorf("no VALUES(%q): %w", name, ErrHeader)
		}
		v.codes = h.list("CODES", name)
		if v.codes == nil {
			v.codes = v.values
		} else if len(v.codes) != len(v.values) {
			return nil, fmt.Errorf("variable %q has %d VALUES but %d CODES: %w", name, len(v.values), len(v.codes), ErrHeader)
		}
		vt := strings.ToUpper(h.str("VARIABLE-TYPE", name))
		v.time = h.has("TIMEVAL", name) || vt == "T"
		v.geo = h.has("MAP", name) || vt == "G"
		if len(v.values) > 0 && t.n > maxCells/len(v.values) {
			return nil, fmt.Errorf("the variable sizes multiply to more than %d cells: %w", maxCells, ErrHeader)
		}
		t.n *= len(v.values)
		t.vars = append(t.vars, v)
	}
	guessRoles(t.vars)
	if cv := h.str("CONTVARIABLE"); cv != "" {
		for i, v := range t.vars {
			if v.name == cv {
				t.contVar = i
				t.contUnit = make([]string, len(v.values))
				for j, val := range v.values {
					t.contUnit[j] = h.str("UNITS", val)
				}
			}
		}
	}
	t.updated = parsePXTime(h.str("LAST-UPDATED"))
	if t.updated.IsZero() && t.contVar >= 0 {
		for _, val := range t.vars[t.contVar].values { // the latest of the contents' dates
			if u := parsePXTime(h.str("LAST-UPDATED", val)); u.After(t.updated) {
				t.updated = u
			}
		}
	}
	// KEYS("stub variable")=CODES|VALUES marks the sparse layout: each data
	// line starts with the STUB keys of its row.
	for _, e := range entries {
		if e.keyword == "KEYS" && e.lang == "" {
			t.keys = make([]string, t.nStub)
			break
		}
	}
	if t.keys != nil {
		for i := 0; i < t.nStub; i++ {
			k := strings.ToUpper(h.str("KEYS", t.vars[i].name))
			if k != "CODES" && k != "VALUES" {
				return nil, fmt.Errorf("KEYS(%q) is %q, not CODES or VALUES: %w", t.vars[i].name, k, ErrHeader)
			}
			t.keys[i] = k
		}
	}
	return t, nil
}

// guessRoles marks the time and geography variables by name when the
// header does not say (no TIMEVAL, no MAP or VARIABLE-TYPE).
func guessRoles(vars []variable) {
	hasTime, hasGeo := false, false
	for _, v := range vars {
		hasTime = hasTime || v.time
		hasGeo = hasGeo || v.geo
	}
	for i := range vars {
		n := strings.ToLower(strings.TrimSpace(vars[i].name))
		id := strings.ToLower(vars[i].id)
		if !hasTime && (timeNames[n] || timeNames[id]) {
			vars[i].time, hasTime = true, true
			continue
		}
		if !hasGeo && !vars[i].time && (isGeoName(n) || isGeoName(id)) {
			vars[i].geo, hasGeo = true, true
		}
	}
}

var (
	timeNames = map[string]bool{
		"time": true, "tid": true, "year": true, "years": true, "år": true, "vuosi": true,
		"quarter": true, "kvartal": true, "month": true, "månad": true, "period": true,
		"periode": true, "năm": true, "nam": true, "quý": true, "tháng": true, "kỳ": true,
		"thời gian": true, "thoi gian": true,
	}
	geoWords = map[string]bool{
		"geo": true, "region": true, "regions": true, "country": true, "countries": true,
		"province": true, "provinces": true, "provincies": true, "city": true, "cities": true,
		"municipality": true, "municipalities": true, "county": true, "counties": true,
		"kommun": true, "län": true, "fylke": true, "alue": true, "tỉnh": true, "tinh": true, "vùng": true,
	}
)

func isGeoName(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if geoWords[w] {
			return true
		}
	}
	return false
}

// parsePXTime reads PX dates, "CCYYMMDD hh:mm" (seconds optional). PX
// files state no time zone; the time is kept as written, in UTC.
func parsePXTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"20060102 15:04", "20060102 15:04:05", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Decode implements extract.Decoder.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	body := whole
	bom := bytes.HasPrefix(body, []byte("\xef\xbb\xbf"))
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	entries, dataPos, dataLine, err := parseHeader(body)
	if err != nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: dataLine}, Err: err}
	}
	var codepage, charset string
	for _, e := range entries {
		if e.lang == "" && len(e.items) > 0 {
			switch e.keyword {
			case "CODEPAGE":
				codepage = e.items[0]
			case "CHARSET":
				charset = e.items[0]
			}
		}
	}
	if bom && codepage == "" {
		codepage = "utf-8"
	}
	conv, err := textDecoder(codepage, charset, body[:dataPos])
	if err != nil {
		return fmt.Errorf("%s: %w: %w", p.URI, ErrHeader, err)
	}
	for i := range entries {
		e := &entries[i]
		for _, list := range [][]string{e.items, e.subkeys} {
			for j, s := range list {
				if list[j], err = conv(s); err != nil {
					return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: e.line}, Err: fmt.Errorf("%s: %w", e.keyword, err)}
				}
			}
		}
	}
	h, _ := newHeader(entries)
	t, err := h.table(entries)
	if err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	if t.keys != nil {
		return decodeSparse(ctx, p, out, t, body, dataPos, dataLine, conv)
	}

	// Count first, so that a short or long matrix is refused before any
	// row is sent.
	count := 0
	eof, err := scanData(body, dataPos, dataLine, func(string, bool, int) error { count++; return nil })
	if err != nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: dataLine}, Err: err}
	}
	if count != t.n {
		end := ""
		if eof {
			end = " and does not end with ';' (truncated?)"
		}
		return fmt.Errorf("%s: DATA holds %d values%s, but %s make %d cells: %w", p.URI, count, end, t.sizes(), t.n, ErrCount)
	}
	out.Describe(extract.Info{Title: t.title, Publisher: t.source, Vintage: t.updated})
	idx := make([]int, len(t.vars))
	i := 0
	_, err = scanData(body, dataPos, dataLine, func(tok string, quoted bool, line int) error {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := out.Row(t.row(p.URI, i, idx, symbol(tok, quoted), line)); err != nil {
			return err
		}
		i++
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(t.vars[k].values) {
				break
			}
			idx[k] = 0
		}
		return nil
	})
	return err
}

// sizes describes the matrix for error messages: "STUB region 4 × age 3,
// HEADING period 1 × sex 2".
func (t *table) sizes() string {
	part := func(vs []variable) string {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = fmt.Sprintf("%s %d", v.name, len(v.values))
		}
		return strings.Join(s, " × ")
	}
	var parts []string
	if t.nStub > 0 {
		parts = append(parts, "STUB "+part(t.vars[:t.nStub]))
	}
	if t.nStub < len(t.vars) {
		parts = append(parts, "HEADING "+part(t.vars[t.nStub:]))
	}
	return strings.Join(parts, ", ")
}

// symbol returns the value text of a DATA cell. PX's first data symbol
// (DATASYMBOL1) is a quoted "." by default; a lone "." anywhere else is a
// typing slip that must be rejected, so it is passed on as "..", the
// marker transform knows. The other symbols are passed as written.
func symbol(tok string, quoted bool) string {
	if quoted && tok == "." {
		return ".."
	}
	return tok
}

// row builds the raw row of cell i (idx holds its category per variable).
//
// The time variable becomes the row's Period and the geographic one its
// Geo; neither is a dimension of the series, which must stay the same
// across years and places. The other variables name the series, and all of
// them but the contents variable (already the series' own code) go to Dims
// as well, so that a table broken down by, say, urban/rural gives one series
// per category. A cell is sent as written, numbers and data symbols alike:
// the symbol (".." or "-") is the value text, which transform reads as a
// missing-value marker and keeps as the raw value.
func (t *table) row(uri string, i int, idx []int, tok string, line int) extract.RawRow {
	r := extract.RawRow{Unit: t.unit, Value: tok}
	series := []string{t.matrix}
	name := []string{t.contents}
	if t.contents == "" {
		name[0] = t.title
	}
	keys := make([]string, len(t.vars))
	for k := range t.vars {
		v := &t.vars[k]
		code := v.codes[idx[k]]
		keys[k] = v.id + "=" + code
		switch {
		case v.time && r.Period == "":
			r.Period = code
		case v.geo && r.Geo == "":
			r.Geo, r.GeoLabel = code, v.values[idx[k]]
		default:
			series = append(series, v.id+"="+code)
			name = append(name, v.values[idx[k]])
			if k != t.contVar {
				if r.Dims == nil {
					r.Dims = make(map[string]string, len(t.vars))
				}
				r.Dims[v.id] = code
			}
		}
	}
	r.Series = strings.Join(series, "/")
	r.SeriesName = strings.Join(name, " / ")
	if t.contVar >= 0 && t.contUnit[idx[t.contVar]] != "" {
		r.Unit = t.contUnit[idx[t.contVar]]
	}
	r.Origin = extract.Origin{URI: uri, Row: line, Key: "DATA[" + strconv.Itoa(i) + "] " + strings.Join(keys, ",")}
	return r
}

// decodeSparse reads the KEYS layout: each data row starts with its STUB
// categories ("0114","20",) and holds the HEADING cells of that row. Rows the
// file leaves out are not in it, so they are not emitted.
func decodeSparse(ctx context.Context, p extract.Payload, out extract.Sink, t *table, body []byte, dataPos, dataLine int, conv func(string) (string, error)) error {
	lookup := make([]map[string]int, t.nStub)
	for i := range lookup {
		v := t.vars[i]
		src := v.codes
		if t.keys[i] == "VALUES" {
			src = v.values
		}
		lookup[i] = make(map[string]int, len(src))
		for j, s := range src {
			lookup[i][s] = j
		}
	}
	perRow := 1
	for _, v := range t.vars[t.nStub:] {
		perRow *= len(v.values)
	}
	if perRow == 0 {
		return fmt.Errorf("%s: KEYS layout with an empty HEADING variable: %w", p.URI, ErrHeader)
	}
	rec := t.nStub + perRow
	count := 0
	eof, err := scanData(body, dataPos, dataLine, func(string, bool, int) error { count++; return nil })
	if err != nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: dataLine}, Err: err}
	}
	if count%rec != 0 || eof {
		return fmt.Errorf("%s: DATA (KEYS layout) holds %d items, not a whole number of rows of %d keys and %d values, or does not end with ';': %w", p.URI, count, t.nStub, perRow, ErrCount)
	}
	// Check every key before the first row goes out.
	pos := 0
	key := func(tok string) (int, bool) { // keys are text in the file's code page
		s, err := conv(tok)
		if err != nil {
			return 0, false
		}
		i, ok := lookup[pos%rec][s]
		return i, ok
	}
	check := func(tok string, quoted bool, line int) error {
		if k := pos % rec; k < t.nStub {
			if _, ok := key(tok); !ok {
				return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: line}, Err: fmt.Errorf("KEYS: %q is not one of the %s of %q: %w", tok, strings.ToLower(t.keys[k]), t.vars[k].name, ErrCount)}
			}
		}
		pos++
		return nil
	}
	if _, err := scanData(body, dataPos, dataLine, check); err != nil {
		return err
	}
	out.Describe(extract.Info{Title: t.title, Publisher: t.source, Vintage: t.updated})
	idx := make([]int, len(t.vars))
	pos = 0
	_, err = scanData(body, dataPos, dataLine, func(tok string, quoted bool, line int) error {
		k := pos % rec
		if k < t.nStub {
			idx[k], _ = key(tok)
			pos++
			for j := t.nStub; j < len(idx); j++ {
				idx[j] = 0
			}
			return nil
		}
		pos++
		if err := ctx.Err(); err != nil {
			return err
		}
		flat := 0
		for j, v := range t.vars {
			flat = flat*len(v.values) + idx[j]
		}
		if err := out.Row(t.row(p.URI, flat, idx, symbol(tok, quoted), line)); err != nil {
			return err
		}
		for j := len(idx) - 1; j >= t.nStub; j-- {
			idx[j]++
			if idx[j] < len(t.vars[j].values) {
				break
			}
			idx[j] = 0
		}
		return nil
	})
	return err
}
