package jsonstat

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// PXWebDecoder reads the native "json" answer of the PX-Web API v1 (what a
// POST to …/api/v1/…/TABLE with "response":{"format":"json"} returns):
//
//	{"columns":[{"code":"Region","text":"region","type":"d"}, …,
//	            {"code":"BE0101N1","text":"Population","type":"c"}],
//	 "data":[{"key":["00","tot","2016"],"values":["9995153"]}, …],
//	 "metadata":[{"label":…,"source":…,"updated":…}]}
//
// Columns of type "d" (dimension) and "t" (time) make up each row's key, in
// order; each "c" (contents) column is one value of the row. The time column
// gives the period and the geographic one (named so: "Region", "Tỉnh, thành
// phố") the place; a series is one contents column with the other key
// columns, which also go to Dims, so it runs across every year and place.
// Values are strings; PX-Web writes its missing-value symbols ("..", "-",
// "x") in their place, and those are sent as the value text, as in a CSV
// export, for transform to read as markers and keep as the raw value.
type PXWebDecoder struct{}

var _ extract.Decoder = PXWebDecoder{}

// Name implements extract.Decoder.
func (PXWebDecoder) Name() string { return PXWebName }

// Sniff claims a JSON object whose "columns" member is an array of objects
// with a "code" and a "type" or "text".
func (PXWebDecoder) Sniff(head []byte) bool {
	s := sniffShape(head)
	if !s.obj || s.kind["columns"] != '[' {
		return false
	}
	if k, ok := s.kind["data"]; ok && k != '[' {
		return false
	}
	cols := s.sub["columns"]
	return slices.Contains(cols, "code") && (slices.Contains(cols, "type") || slices.Contains(cols, "text"))
}

type pxwebColumn struct {
	Code string `json:"code"`
	Text string `json:"text"`
	Type string `json:"type"`
	Unit string `json:"unit"`
}

type pxwebAnswer struct {
	Columns []pxwebColumn `json:"columns"`
	Data    []struct {
		Key    []string `json:"key"`
		Values []cell   `json:"values"`
	} `json:"data"`
	Metadata []struct {
		Label   string `json:"label"`
		Source  string `json:"source"`
		Updated string `json:"updated"`
	} `json:"metadata"`
}

// contentsDim is the dimension id PX-Web's JSON-stat answers give the
// contents variable; the native answer names no dimension for it, so series
// codes and origins use the same id and a table reads alike in both formats.
const contentsDim = "ContentsCode"

// Decode implements extract.Decoder.
func (PXWebDecoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	body := jsonBody(whole) // trailing NULs cut, as for JSON-stat
	if _, err := objectMembers(body); err != nil {
		return jsonError(p.URI, err)
	}
	var a pxwebAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return jsonError(p.URI, err)
	}
	var keyCols, valCols []pxwebColumn
	for _, c := range a.Columns {
		if c.Type == "c" {
			valCols = append(valCols, c)
		} else {
			keyCols = append(keyCols, c)
		}
	}
	if len(valCols) == 0 {
		return fmt.Errorf("%s: PX-Web json answer without a contents column (type \"c\"): %w", p.URI, ErrShape)
	}
	timeCol, geoCol := -1, -1
	for i, c := range keyCols {
		switch {
		case timeCol < 0 && c.Type == "t":
			timeCol = i
		case geoCol < 0 && c.Type != "t" && (isGeoName(c.Code) || isGeoName(c.Text)):
			geoCol = i
		}
	}
	var info extract.Info
	id := "pxweb"
	if len(a.Metadata) > 0 {
		m := a.Metadata[0]
		info = extract.Info{Title: m.Label, Publisher: m.Source, Vintage: parseUpdated(m.Updated)}
		if l := strings.TrimSpace(m.Label); l != "" {
			id = l
		}
	}
	// Check the whole answer before the first row goes out.
	for i, d := range a.Data {
		if len(d.Key) != len(keyCols) || len(d.Values) != len(valCols) {
			return &extract.DecodeError{
				Origin: extract.Origin{URI: p.URI, Key: "data[" + strconv.Itoa(i) + "]"},
				Err:    fmt.Errorf("%d key parts and %d values, but the columns call for %d and %d: %w", len(d.Key), len(d.Values), len(keyCols), len(valCols), ErrShape),
			}
		}
	}
	out.Describe(info)
	for i, d := range a.Data {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for j, vc := range valCols {
			row := extract.RawRow{Unit: vc.Unit}
			series := []string{id}
			name := []string{}
			keyParts := make([]string, 0, len(keyCols)+1)
			for k, c := range keyCols {
				keyParts = append(keyParts, c.Code+"="+d.Key[k])
				switch k {
				case timeCol:
					row.Period = d.Key[k]
				case geoCol:
					row.Geo = d.Key[k]
				default:
					series = append(series, c.Code+"="+d.Key[k])
					name = append(name, d.Key[k])
					if row.Dims == nil {
						row.Dims = make(map[string]string, len(keyCols))
					}
					row.Dims[c.Code] = d.Key[k]
				}
			}
			keyParts = append(keyParts, contentsDim+"="+vc.Code)
			series = append(series, contentsDim+"="+vc.Code)
			row.Series = strings.Join(series, "/")
			row.SeriesName = strings.Join(append([]string{vc.Text}, name...), " / ")
			row.Origin = extract.Origin{URI: p.URI, Key: fmt.Sprintf("data[%d].values[%d] %s", i, j, strings.Join(keyParts, ","))}
			row.Value = d.Values[j].valueText() // symbols ("..", "-", "x") as written
			if err := out.Row(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// isSymbol reports whether a value string is one of the marks statistics
// offices write instead of a number: PX's ".", "..", … "......" and "-",
// Eurostat's ":", and the ellipsis.
func isSymbol(s string) bool {
	s = strings.TrimSpace(s)
	switch s {
	case "-", ":", "…", "x", "X":
		return true
	}
	return s != "" && strings.Trim(s, ".") == ""
}
