// Package published decodes chitieu's table of published figures: values
// quoted from pages (a statistics office's press release, a ministry's
// report, a newspaper), each with who published it, the page's address and
// date, and the sentence it was quoted from. Where no statistical table of
// a KPI can be had, a figure the city or a ministry announced is the
// evidence there is; it must carry its citation into the warehouse so
// that nobody mistakes it for an official table, and so that anyone can
// check it against the page.
//
// The format is a UTF-8 text file of tab-separated columns (a spreadsheet
// saves it; a reviewer diffs it):
//
//	# chitieu published figures
//	# any other line starting with # is a comment
//	indicator	geo	year	value	unit	publisher	method	status	published	url	quote	note
//	GRDP_CONST_GROWTH	Hà Nội	2023	6.11	%	Cục Thống kê Hà Nội		first estimate	2023-11-26	https://…	GRDP năm 2023 ước tính tăng 6,11%
//
// The first line names the format (Detect recognises it by that line). The
// header names the columns in any order: indicator (a plan indicator code),
// geo, year (any period label chitieu reads), value, unit, publisher,
// published (the page's date: YYYY-MM-DD, YYYY-MM or YYYY; empty when the
// page shows none), url and quote are required, method, status and note
// optional. status is "first estimate", "estimate" (both loaded as
// estimated values), "revised" or empty.
//
// Values of the same indicator, place and year from different publishers,
// methods or releases (GSO's and the Ministry of Information and
// Communications' digital economy share; a first estimate and the revised
// figure) are all kept: publisher, method and status are dimensions of the
// series, so each combination is a series of its own. The citation goes
// with each value as JSON (extract.RawRow.Citation).
package published

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// Name is the source kind of this decoder in configuration.
const Name = "published"

// Magic is the first line of every file of this format.
const Magic = "# chitieu published figures"

// Decoder reads tables of published figures. The zero value is ready.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() { extract.Register(Decoder{}) }

// Name implements extract.Decoder.
func (Decoder) Name() string { return Name }

// Sniff implements extract.Decoder: the file starts with Magic.
func (Decoder) Sniff(head []byte) bool {
	first, _, _ := bytes.Cut(head, []byte("\n"))
	return strings.HasPrefix(strings.TrimSpace(string(first)), Magic)
}

// columns are the header names; required ones must be present.
var columns = map[string]bool{
	"indicator": true, "geo": true, "year": true, "value": true, "unit": true,
	"publisher": true, "published": true, "url": true, "quote": true,
	"method": false, "status": false, "note": false,
}

// statuses maps the status column to the value's status flag.
var statuses = map[string]string{"": "", "first estimate": "e", "estimate": "e", "revised": ""}

var dateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// ErrFormat marks a file that is not a well-formed table of published figures.
var ErrFormat = errors.New("not a table of published figures")

// Citation is where a published figure was quoted from, as kept in
// observations.citation.
type Citation struct {
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Published string `json:"published,omitempty"`
	Quote     string `json:"quote"`
	Method    string `json:"method,omitempty"`
	Status    string `json:"status,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Decode implements extract.Decoder.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	body, err := p.Bytes()
	if err != nil {
		return err
	}
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	out.Describe(extract.Info{Title: "Published figures", KnownSeriesOnly: true})
	var col map[string]int // header name → field index
	var header []string
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 && !strings.HasPrefix(strings.TrimSpace(text), Magic) {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: 1}, Err: fmt.Errorf("%w: the first line must be %q", ErrFormat, Magic)}
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if col == nil {
			if col, err = headerColumns(fields); err != nil {
				return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Row: line}, Err: err}
			}
			header = fields
			continue
		}
		if err := out.Row(figure(p.URI, line, header, col, fields)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: line %d: %w", p.URI, line+1, err)
	}
	if col == nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI}, Err: fmt.Errorf("%w: no header line", ErrFormat)}
	}
	return nil
}

func headerColumns(fields []string) (map[string]int, error) {
	col := map[string]int{}
	for i, f := range fields {
		name := strings.ToLower(strings.TrimSpace(f))
		if _, known := columns[name]; !known {
			return nil, fmt.Errorf("%w: column %d, %q, is not one of indicator, geo, year, value, unit, publisher, method, status, published, url, quote, note", ErrFormat, i+1, f)
		}
		if _, dup := col[name]; dup {
			return nil, fmt.Errorf("%w: column %q twice", ErrFormat, name)
		}
		col[name] = i
	}
	for name, required := range columns {
		if _, ok := col[name]; required && !ok {
			return nil, fmt.Errorf("%w: the header has no %q column", ErrFormat, name)
		}
	}
	return col, nil
}

// figure turns one line into a row; a line that cannot be a cited value
// is a rejected row saying why.
func figure(uri string, line int, header []string, col map[string]int, fields []string) extract.RawRow {
	get := func(name string) string {
		if i, ok := col[name]; ok && i < len(fields) {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	c := Citation{Publisher: get("publisher"), URL: get("url"), Published: get("published"), Quote: get("quote"),
		Method: get("method"), Status: strings.ToLower(get("status")), Note: get("note")}
	r := extract.RawRow{
		Origin: extract.Origin{URI: uri, Row: line, Column: "value"},
		Series: get("indicator"), Geo: get("geo"), Period: get("year"), Value: get("value"), Unit: get("unit"),
	}
	flag, knownStatus := statuses[c.Status]
	switch {
	case len(fields) != len(header):
		r.Reject = fmt.Sprintf("%d fields, but the header names %d (a tab inside a quote?)", len(fields), len(header))
	case c.Publisher == "" || c.URL == "" || c.Quote == "":
		r.Reject = "a published figure needs its publisher, the page's address (url) and the quoted sentence (quote)"
	case !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://"):
		r.Reject = fmt.Sprintf("url %q is not an http(s) address", c.URL)
	case c.Published != "" && !dateRE.MatchString(c.Published):
		r.Reject = fmt.Sprintf("published %q is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", c.Published)
	case !knownStatus:
		r.Reject = fmt.Sprintf("status %q is not one of first estimate, estimate, revised", c.Status)
	}
	if r.Reject != "" {
		return r
	}
	r.Status = flag
	r.Dims = map[string]string{"publisher": c.Publisher}
	if c.Method != "" {
		r.Dims["method"] = c.Method
	}
	if c.Status != "" {
		r.Dims["status"] = c.Status
	}
	cite, _ := json.Marshal(c) // strings only: cannot fail
	r.Citation = string(cite)
	return r
}
