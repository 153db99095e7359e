// Package worldbank decodes answers of the World Bank Indicators API v2
// (api.worldbank.org/v2/…?format=json).
//
// The API answers every request with a JSON array. A page of data is
// [page-metadata, rows]; an error is [{"message": […]}] and is served with
// HTTP 200 and a JSON content type, so it looks like a one-element page and
// would silently load as "no data" unless it is refused: this package refuses
// it with ErrAPIMessage. Files saved by other tools sometimes hold the rows
// alone, pages concatenated without their metadata; those decode too.
//
// Each observation becomes one extract.RawRow with the API's own codes: the
// indicator id as series, the ISO3 country code as geography, the date and the
// value exactly as written. Mapping indicators onto plan KPIs is transform's
// job.
//
// Paging is the fetcher's job, with PageInfo and NextPageURL. The page
// metadata is only a hint: recorded and trimmed answers carry `total: 264`
// above four rows, so rows are always counted from the array itself.
package worldbank

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// Name is the source kind of this decoder in configuration.
const Name = "worldbank"

// ErrAPIMessage marks an answer in which the API reports an error (an
// invalid indicator or country, an unknown parameter) instead of data.
var ErrAPIMessage = errors.New("World Bank API answered with an error message instead of data")

// ErrNoPageMeta is returned by PageInfo for payloads that carry no page
// metadata (a bare array of rows saved after paging).
var ErrNoPageMeta = errors.New("no World Bank page metadata")

// utf8BOM is stripped before parsing: a file saved by a Windows tool may
// carry one, and encoding/json does not accept it.
var utf8BOM = []byte("\xEF\xBB\xBF")

// Decoder reads World Bank API v2 JSON answers. The zero value is ready.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() { extract.Register(Decoder{}) }

// Name implements extract.Decoder.
func (Decoder) Name() string { return Name }

// Sniff reports whether head is a JSON array whose first element is World
// Bank page metadata, a World Bank error message, or a World Bank row.
func (Decoder) Sniff(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '[' {
		return false
	}
	k, _ := firstObjectKeys(head)
	switch {
	case k.keys["page"] && (k.keys["pages"] || k.keys["per_page"] || k.keys["total"]):
		return true
	case k.messageArray:
		return true
	case k.keys["indicator"] && k.keys["country"] && k.keys["date"] && k.keys["value"]:
		return true
	}
	return false
}

type objKeys struct {
	keys         map[string]bool
	messageArray bool // a "message" key whose value is an array
}

// firstObjectKeys lists the top-level keys of the first element of a JSON
// array, tolerating truncation (a sniffing head is cut at 4 KiB).
func firstObjectKeys(b []byte) (objKeys, error) {
	k := objKeys{keys: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return k, errors.New("not an array")
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return k, errors.New("first element is not an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return k, err
		}
		key, _ := t.(string)
		k.keys[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// Truncated inside the value: the key itself was seen.
			if key == "message" {
				k.messageArray = bytes.HasPrefix(bytes.TrimLeft(rest(dec, b), " \t\r\n"), []byte("["))
			}
			return k, err
		}
		if key == "message" {
			raw = bytes.TrimLeft(raw, " \t\r\n")
			k.messageArray = len(raw) > 0 && raw[0] == '['
		}
	}
	return k, nil
}

func rest(dec *json.Decoder, b []byte) []byte {
	off := dec.InputOffset()
	if off < 0 || off > int64(len(b)) {
		return nil
	}
	return b[off:]
}

// pageMeta is the first element of a page: paging and release metadata. The
// API has written numbers both as numbers and as strings over the years.
type pageMeta struct {
	Page        flexInt `json:"page"`
	Pages       flexInt `json:"pages"`
	PerPage     flexInt `json:"per_page"`
	Total       flexInt `json:"total"`
	SourceID    *string `json:"sourceid"`
	SourceName  *string `json:"sourcename"`
	LastUpdated string  `json:"lastupdated"`
}

// apiMessage is one entry of the error form's "message" array.
type apiMessage struct {
	ID    string `json:"id"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// flexInt accepts 3, "3" and null.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*f = flexInt(n)
	return nil
}

// idValue is the API's {"id": …, "value": …} pair.
type idValue struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// row is one observation. Value and Decimal stay raw so that their text
// reaches the warehouse as the API wrote it.
type row struct {
	Indicator       idValue         `json:"indicator"`
	Country         idValue         `json:"country"`
	CountryISO3Code string          `json:"countryiso3code"`
	Date            json.RawMessage `json:"date"`
	Value           json.RawMessage `json:"value"`
	Unit            string          `json:"unit"`
	ObsStatus       string          `json:"obs_status"`
	Decimal         json.RawMessage `json:"decimal"`
}

// rawText renders a raw JSON scalar as text: strings unquoted, null as "",
// numbers exactly as written.
func rawText(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	if r[0] == '"' {
		var s string
		if json.Unmarshal(r, &s) == nil {
			return s
		}
	}
	return string(r)
}

// Decode implements extract.Decoder. It streams the rows array element by
// element.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(whole, utf8BOM)))
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s: World Bank API payload: "+format, append([]any{p.URI}, a...)...)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return fail("not a JSON array")
	}
	if !dec.More() {
		return fail("empty array: neither page metadata nor rows")
	}
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return fail("reading the first element: %v", err)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(first, &probe); err != nil {
		return fail("the first element is not an object")
	}
	if msg, ok := probe["message"]; ok {
		return messageError(p.URI, msg)
	}

	info := extract.Info{Publisher: "World Bank"}
	s := &stream{ctx: ctx, uri: p.URI, out: out, info: &info}
	if _, isMeta := probe["page"]; isMeta {
		var m pageMeta
		if err := json.Unmarshal(first, &m); err != nil {
			return fail("page metadata: %v", err)
		}
		if t, err := time.Parse(time.DateOnly, m.LastUpdated); err == nil {
			info.Vintage = t
		}
		if !dec.More() {
			// [meta] alone: a page with no rows.
			out.Describe(info)
			return nil
		}
		t, err := dec.Token()
		if err != nil {
			return fail("after the page metadata: %v", err)
		}
		if t == nil { // [meta, null]: the API's answer when nothing matches
			out.Describe(info)
			return nil
		}
		if t != json.Delim('[') {
			return fail("the second element is not an array of rows")
		}
		for dec.More() {
			var r row
			if err := dec.Decode(&r); err != nil {
				return s.rowErr(err)
			}
			if err := s.emit(r); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail("rows array not closed: %v", err)
		}
	} else {
		// A bare array of rows: the first element is row 1.
		var r row
		if err := json.Unmarshal(first, &r); err != nil {
			return s.rowErr(err)
		}
		if r.Indicator.ID == "" && r.Country.ID == "" && len(r.Date) == 0 {
			return fail("the first element is neither page metadata nor a row")
		}
		if err := s.emit(r); err != nil {
			return err
		}
		for dec.More() {
			var r row
			if err := dec.Decode(&r); err != nil {
				return s.rowErr(err)
			}
			if err := s.emit(r); err != nil {
				return err
			}
		}
	}
	if !s.described {
		out.Describe(info)
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return fail("array not closed: %v", err)
	}
	return nil
}

// messageError builds the refusal of an error answer, quoting the API.
func messageError(uri string, raw json.RawMessage) error {
	var msgs []apiMessage
	_ = json.Unmarshal(raw, &msgs)
	parts := make([]string, 0, len(msgs))
	for _, m := range msgs {
		parts = append(parts, fmt.Sprintf("%q", strings.TrimSpace(m.ID+" "+m.Key+": "+m.Value)))
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%q", string(raw)))
	}
	return fmt.Errorf("%s: %w: %s", uri, ErrAPIMessage, strings.Join(parts, "; "))
}

// stream sends rows to the sink, describing the payload before the first
// row (the title is the first row's indicator name).
type stream struct {
	ctx       context.Context
	uri       string
	out       extract.Sink
	info      *extract.Info
	n         int
	described bool
}

func (s *stream) rowErr(err error) error {
	return &extract.DecodeError{
		Origin: extract.Origin{URI: s.uri, Key: "row " + strconv.Itoa(s.n+1)},
		Err:    fmt.Errorf("not a World Bank row: %w", err),
	}
}

func (s *stream) emit(r row) error {
	s.n++
	if s.n%1024 == 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
	}
	if !s.described {
		s.info.Title = r.Indicator.Value
		s.out.Describe(*s.info)
		s.described = true
	}
	geo := r.CountryISO3Code
	if geo == "" {
		geo = r.Country.ID
	}
	// No Dims: they are part of a series' identity, and everything else a
	// row carries either is the geography (country), the series
	// (indicator), the value's status (obs_status) or varies from one
	// observation to the next (decimal, footnote, scale).
	return s.out.Row(extract.RawRow{
		Origin:     extract.Origin{URI: s.uri, Key: "row " + strconv.Itoa(s.n)},
		Series:     r.Indicator.ID,
		SeriesName: r.Indicator.Value,
		Geo:        geo,
		Period:     rawText(r.Date),
		Value:      rawText(r.Value),
		Unit:       r.Unit,
		Status:     r.ObsStatus,
	})
}

// MaxPages bounds how many pages one source may have: a page count that
// large is a wrong query (per_page missing) or a hostile answer.
const MaxPages = 1000

// MorePages implements extract.Pager: the URLs of pages 2..pages, read from
// page 1's metadata. The metadata's row totals are never trusted, only its
// page count, and that is bounded by MaxPages.
func (Decoder) MorePages(u string, first []byte) ([]string, error) {
	page, pages, err := PageInfo(first)
	if errors.Is(err, ErrNoPageMeta) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	if pages > MaxPages {
		return nil, fmt.Errorf("%s: the answer claims %d pages, over the limit of %d (add per_page to the URL)", u, pages, MaxPages)
	}
	var urls []string
	for p := page + 1; p <= pages; p++ {
		urls = append(urls, NextPageURL(u, p))
	}
	return urls, nil
}

// PageInfo reads the paging metadata of one API page: the page it is and how
// many pages the answer has. The fetcher requests pages 2…pages with
// NextPageURL. An error answer returns an error matching ErrAPIMessage; a
// payload without metadata (bare rows) returns ErrNoPageMeta.
//
// Only the page numbers are worth trusting: `total` and `per_page` have been
// seen to disagree with the rows actually served (total 264 over four rows),
// so the decoder counts rows from the array and never from the metadata.
func PageInfo(body []byte) (page, pages int, err error) {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, utf8BOM)))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return 0, 0, fmt.Errorf("%w: not a JSON array", ErrNoPageMeta)
	}
	var first map[string]json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return 0, 0, fmt.Errorf("%w: first element is not an object", ErrNoPageMeta)
	}
	if msg, ok := first["message"]; ok {
		return 0, 0, messageError("World Bank page", msg)
	}
	if _, ok := first["page"]; !ok {
		return 0, 0, ErrNoPageMeta
	}
	var p, ps flexInt
	if err := p.UnmarshalJSON(first["page"]); err != nil {
		return 0, 0, fmt.Errorf("page: %w", err)
	}
	if raw, ok := first["pages"]; ok {
		if err := ps.UnmarshalJSON(raw); err != nil {
			return 0, 0, fmt.Errorf("pages: %w", err)
		}
	}
	return int(p), int(ps), nil
}

// NextPageURL returns u with its `page` query parameter set to page,
// replacing any existing `page` parameter and leaving every other part of
// the URL byte for byte as it was (the API's `;`-separated lists such as
// `countries/JPN;USA` or `source=2;…` must not be re-escaped).
func NextPageURL(u string, page int) string {
	frag := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i:]
	}
	base, query, hasQuery := strings.Cut(u, "?")
	param := "page=" + strconv.Itoa(page)
	var parts []string
	replaced := false
	if hasQuery && query != "" {
		for _, kv := range strings.Split(query, "&") {
			if k, _, _ := strings.Cut(kv, "="); k == "page" {
				if !replaced {
					parts = append(parts, param)
					replaced = true
				}
				continue
			}
			parts = append(parts, kv)
		}
	}
	if !replaced {
		parts = append(parts, param)
	}
	return base + "?" + strings.Join(parts, "&") + frag
}
