// Package jsonstat decodes the JSON answers of statistics offices that run
// PX-Web or publish JSON-stat: JSON-stat 1.x (a bundle {"name": dataset} or
// {"dataset": …}), JSON-stat 2.0 ({"version":"2.0","class":"dataset",…}) and
// PX-Web API v1's own "json" format ({"columns":…,"data":[{key,values}]}).
//
// These are the formats in which GSO Viet Nam's PX-Web, Eurostat, Statistics
// Sweden, Norway, Finland and Ireland hand out tables, so one package reads
// all of them. A JSON-stat dataset is a cube: a flat value list in row-major
// order of its dimensions (the last dimension varies fastest). The decoder
// unpivots the cube into one extract.RawRow per cell, null cells included,
// because a missing value with its status ("..", ":") is information that
// transform, not the decoder, decides what to do with. A null cell whose
// status is such a symbol is sent with the symbol as its value text, as a
// CSV export of the table would show it; other statuses ("p", "e") stay
// statuses. The time and geography dimensions (role "time" and "geo", or
// guessed from their names where there are no roles) give each row its
// period and place and are not part of its series.
//
// Codes are kept as the source writes them; where a source's codes carry no
// meaning (GSO numbers its categories "0", "1", … and puts the names only in
// the labels) the labels stand in for them as geography and period. Whole
// payload problems — invalid JSON, sizes that do not multiply to the number of
// values, an index out of range — are errors naming the payload's URI; no cell
// is ever dropped silently.
package jsonstat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// Names of the decoders in configuration.
const (
	Name      = "jsonstat"
	PXWebName = "pxweb-json"
)

// Errors wrapped by Decode, for errors.Is.
var (
	// ErrNotDataset means the JSON is well formed but holds no JSON-stat
	// dataset (a dimension document, a collection of links only).
	ErrNotDataset = errors.New("no JSON-stat dataset in the payload")
	// ErrShape means the dataset's dimensions, sizes, indexes and values do
	// not agree with each other.
	ErrShape = errors.New("inconsistent JSON-stat dataset")
)

// maxCells bounds the number of cells a dataset may declare. A sparse value
// object lets a few bytes declare billions of null cells; past this bound the
// payload is refused rather than unpivoted.
const maxCells = 1 << 28

// Decoder reads JSON-stat 1.x and 2.0 payloads.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() {
	extract.Register(Decoder{})
	extract.Register(PXWebDecoder{})
}

// Name implements extract.Decoder.
func (Decoder) Name() string { return Name }

// Sniff claims a JSON object that is a JSON-stat 2.0 document (a "class" of
// dataset or collection), a 1.x {"dataset": …} answer, or a 1.x bundle whose
// first member is an object with a "dimension" (or, when the head ends
// before it, a "value" or "status" next to a dataset's "label", "updated",
// "source"…). World Bank arrays, SDMX-JSON messages (dataSets, structure,
// header, meta, data) and PX-Web's native json (columns) are left alone.
func (Decoder) Sniff(head []byte) bool {
	s := sniffShape(head)
	if !s.obj || len(s.keys) == 0 {
		return false
	}
	switch s.str["class"] {
	case "dataset", "collection", "bundle":
		return true
	}
	for _, k := range []string{"dataSets", "structure", "header", "meta", "data", "columns", "errors", "message"} {
		if _, ok := s.kind[k]; ok {
			return false
		}
	}
	if s.kind["dimension"] == '{' {
		_, hasValue := s.kind["value"]
		_, hasID := s.kind["id"]
		return hasValue || hasID
	}
	first := s.keys[0]
	if s.kind[first] != '{' {
		return false
	}
	sub := s.sub[first]
	if slices.Contains(sub, "dimension") {
		return true
	}
	// A big 1.x dataset may write "value" and "status" first, and the head
	// ends before "dimension" (Eurostat's legacy web service does).
	if !slices.Contains(sub, "value") && !slices.Contains(sub, "status") {
		return false
	}
	if first == "dataset" {
		return true
	}
	for _, k := range []string{"label", "title", "updated", "source", "wsVersion", "lastUpdateDate"} {
		if slices.Contains(sub, k) {
			return true
		}
	}
	return false
}

// jsonBody returns the JSON text of a payload: without a UTF-8 BOM, and
// without the NUL bytes and white space that follow the closing brace. GSO's
// PX-Web ends its JSON-stat downloads with a NUL byte, which a strict JSON
// parser rejects as extra data; the byte carries nothing, so it is cut here
// (and only at the end: a NUL anywhere else is still an error).
func jsonBody(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return bytes.TrimRight(b, "\x00 \t\r\n")
}

// errNotObject is returned by objectMembers for valid JSON that is not an
// object (an array, a number).
var errNotObject = errors.New("the top level is not a JSON object")

// member is one name/value pair of a JSON object, in document order.
type member struct {
	key string
	raw json.RawMessage
}

// objectMembers reads a JSON object keeping the order of its members, and
// refuses anything after it.
func objectMembers(body []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		ms = append(ms, member{key, raw})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more JSON after the top-level object")
		}
		return nil, fmt.Errorf("after the top-level object: %w", err)
	}
	return ms, nil
}

// jsonError turns a JSON parse error into a DecodeError with the byte offset
// when encoding/json knows it.
func jsonError(uri string, err error) error {
	if errors.Is(err, errNotObject) {
		return fmt.Errorf("%s: %w: %w", uri, ErrNotDataset, err)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &extract.DecodeError{Origin: extract.Origin{URI: uri, Key: "byte " + strconv.FormatInt(se.Offset, 10)}, Err: fmt.Errorf("invalid JSON: %w", err)}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &extract.DecodeError{Origin: extract.Origin{URI: uri, Key: te.Field}, Err: fmt.Errorf("unexpected JSON type: %w", err)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: invalid JSON (truncated?): %w", uri, err)
	}
	return fmt.Errorf("%s: invalid JSON: %w", uri, err)
}

// Decode implements extract.Decoder.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	body := jsonBody(whole)
	top, err := objectMembers(body)
	if err != nil {
		return jsonError(p.URI, err)
	}
	var datasets []*dataset
	addRaw := func(name string, raw json.RawMessage) error {
		var rd rawDataset
		if err := json.Unmarshal(raw, &rd); err != nil {
			return jsonError(p.URI, err)
		}
		ds, err := rd.build(name)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", p.URI, strings.TrimSpace(name+" dataset"), err)
		}
		datasets = append(datasets, ds)
		return nil
	}

	topKeys := map[string]json.RawMessage{}
	for _, m := range top {
		topKeys[m.key] = m.raw
	}
	var class string
	if raw, ok := topKeys["class"]; ok {
		_ = json.Unmarshal(raw, &class)
	}
	_, hasDim := topKeys["dimension"]
	switch {
	case class == "dataset" || (class == "" && hasDim):
		// JSON-stat 2.0: the document is the dataset.
		if err := addRaw("", body); err != nil {
			return err
		}
	case class == "collection":
		var c struct {
			Link map[string][]json.RawMessage `json:"link"`
		}
		if err := json.Unmarshal(body, &c); err != nil {
			return jsonError(p.URI, err)
		}
		for i, item := range c.Link["item"] {
			var probe struct {
				Class     string          `json:"class"`
				Dimension json.RawMessage `json:"dimension"`
			}
			if json.Unmarshal(item, &probe) != nil || probe.Class != "dataset" || len(probe.Dimension) == 0 {
				continue // a link to a dataset elsewhere: fetching it is not a decoder's job
			}
			if err := addRaw(fmt.Sprintf("link.item[%d]", i), item); err != nil {
				return err
			}
		}
	case class != "" && class != "bundle":
		return fmt.Errorf("%s: JSON-stat class %q: %w", p.URI, class, ErrNotDataset)
	case topKeys["error"] != nil:
		// Eurostat's and other JSON-stat services' way of refusing a query.
		msg := string(topKeys["error"])
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return fmt.Errorf("%s: the service answered with an error instead of data: %s: %w", p.URI, msg, ErrNotDataset)
	default:
		// JSON-stat 1.x (a bundle, with or without "class":"bundle"): every
		// object member of the top object is a dataset.
		for _, m := range top {
			if len(m.raw) == 0 || m.raw[0] != '{' {
				continue
			}
			name := m.key
			if name == "dataset" && len(top) == 1 {
				name = "" // the conventional wrapper, not a name
			}
			if err := addRaw(name, m.raw); err != nil {
				return err
			}
		}
	}
	if len(datasets) == 0 {
		return fmt.Errorf("%s: %w", p.URI, ErrNotDataset)
	}
	first := datasets[0]
	out.Describe(extract.Info{Title: first.title, Publisher: first.source, Vintage: first.updated})
	for _, ds := range datasets {
		if err := ds.emit(ctx, p.URI, out); err != nil {
			return err
		}
	}
	return nil
}

// parseUpdated reads JSON-stat's "updated" (ISO 8601, with or without a
// zone). GSO's PX-Web writes "9999-12-31T16:59:59Z" when it does not know;
// that placeholder, like anything unreadable, means "not said".
func parseUpdated(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() >= 9999 {
				return time.Time{}
			}
			return t.UTC()
		}
	}
	return time.Time{}
}

// cell is one JSON scalar of a value or status list.
type cell struct {
	set  bool   // present and not null
	str  bool   // written as a JSON string
	text string // the number literal, or the string's content
}

// UnmarshalJSON implements json.Unmarshaler.
func (c *cell) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("empty JSON value")
	}
	switch b[0] {
	case 'n':
		*c = cell{}
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = cell{set: true, str: true, text: s}
	case '{', '[':
		return fmt.Errorf("a cell holds a JSON %s, not a number, string or null", map[byte]string{'{': "object", '[': "array"}[b[0]])
	default:
		*c = cell{set: true, text: string(b)}
	}
	return nil
}

// valueText renders a value cell: numbers with strconv.FormatFloat(v, 'f',
// -1, 64), so that 1.5e3 and 1500 read the same; strings as written.
func (c cell) valueText() string {
	if !c.set {
		return ""
	}
	if c.str {
		return c.text
	}
	v, err := strconv.ParseFloat(c.text, 64)
	if err != nil {
		return c.text // out of float64 range: keep the literal, transform judges
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// cells is a value or status list: dense (a JSON array, read one element at
// a time so that a large cube is not copied into a slice of cells), sparse
// (keyed by position), or one scalar for every cell.
type cells struct {
	dense  json.RawMessage
	sparse map[int]cell
	all    cell
}

// reader returns the function that yields the cells in order 0, 1, …; it
// must be called with consecutive positions.
func (c *cells) reader() (func(i int) (cell, error), error) {
	if c.dense == nil {
		return func(i int) (cell, error) {
			if c.sparse != nil {
				return c.sparse[i], nil
			}
			return c.all, nil
		}, nil
	}
	r, err := openArray(c.dense)
	if err != nil {
		return nil, err
	}
	return func(int) (cell, error) { return r.next() }, nil
}

// arrayReader reads a JSON array of scalars element by element.
type arrayReader struct{ dec *json.Decoder }

func openArray(raw json.RawMessage) (*arrayReader, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, errors.New("not a JSON array")
	}
	return &arrayReader{dec}, nil
}

// more reports whether another element follows.
func (r *arrayReader) more() bool { return r.dec.More() }

func (r *arrayReader) next() (cell, error) {
	if !r.dec.More() {
		return cell{}, errors.New("the array ended early")
	}
	tok, err := r.dec.Token()
	if err != nil {
		return cell{}, err
	}
	switch v := tok.(type) {
	case nil:
		return cell{}, nil
	case json.Number:
		return cell{set: true, text: string(v)}, nil
	case string:
		return cell{set: true, str: true, text: v}, nil
	case bool:
		return cell{set: true, str: true, text: strconv.FormatBool(v)}, nil
	}
	return cell{}, errors.New("a cell holds a JSON array or object, not a number, string or null")
}

// decodeCells reads a "value" or "status" member for a cube of n cells.
// Arrays must hold exactly n entries (a status array of one entry, like a
// status string, applies to every cell, as in the reference JavaScript
// toolkit); objects are keyed by flat position ("176": "..").
// Eurostat's legacy web service wraps its status list as {"value": […],
// "category": …}.
func decodeCells(raw json.RawMessage, n int, what string) (cells, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return cells{}, nil
	}
	switch raw[0] {
	case '[':
		r, err := openArray(raw)
		if err != nil {
			return cells{}, fmt.Errorf("%s: %w", what, err)
		}
		count := 0
		var first cell
		for r.more() {
			c, err := r.next()
			if err != nil {
				return cells{}, fmt.Errorf("%s[%d]: %w", what, count, err)
			}
			if count == 0 {
				first = c
			}
			count++
		}
		if count == 1 && n != 1 && what != "value" {
			return cells{all: first}, nil // a one-entry status list applies to every cell
		}
		if count != n {
			return cells{}, fmt.Errorf("%s has %d entries, but the dimension sizes multiply to %d: %w", what, count, n, ErrShape)
		}
		return cells{dense: raw}, nil
	case '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return cells{}, fmt.Errorf("%s: %w", what, err)
		}
		if inner, ok := m["value"]; ok {
			return decodeCells(inner, n, what+".value")
		}
		sp := make(map[int]cell, len(m))
		for k, v := range m {
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= n || strconv.Itoa(i) != k {
				return cells{}, fmt.Errorf("%s: unknown index %q (the cube has %d cells): %w", what, k, n, ErrShape)
			}
			var c cell
			if err := json.Unmarshal(v, &c); err != nil {
				return cells{}, fmt.Errorf("%s[%q]: %w", what, k, err)
			}
			sp[i] = c
		}
		return cells{sparse: sp}, nil
	default:
		var c cell
		if err := json.Unmarshal(raw, &c); err != nil {
			return cells{}, fmt.Errorf("%s: %w", what, err)
		}
		return cells{all: c}, nil
	}
}
