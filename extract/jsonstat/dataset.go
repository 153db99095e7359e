package jsonstat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hanoi-sti/chitieu/extract"
)

// rawDataset is a JSON-stat dataset as written, 1.x or 2.0. In 1.x the
// dimension order, sizes and roles live inside "dimension" (as "id", "size",
// "role"); in 2.0 they are members of the dataset itself.
type rawDataset struct {
	Version        string                     `json:"version"`
	Class          string                     `json:"class"`
	Label          string                     `json:"label"`
	Title          string                     `json:"title"` // Eurostat's legacy web service
	Code           string                     `json:"code"`  // idem
	Source         json.RawMessage            `json:"source"`
	Updated        string                     `json:"updated"`
	LastUpdateDate json.Number                `json:"lastUpdateDate"` // Eurostat legacy: Unix milliseconds
	ID             []string                   `json:"id"`
	Size           sizeList                   `json:"size"`
	Role           map[string][]string        `json:"role"`
	Dimension      map[string]json.RawMessage `json:"dimension"`
	Value          json.RawMessage            `json:"value"`
	Status         json.RawMessage            `json:"status"`
	Extension      json.RawMessage            `json:"extension"`
}

type rawUnit struct {
	Label  string `json:"label"`
	Base   string `json:"base"` // JSON-stat 1.x
	Symbol string `json:"symbol"`
}

func (u rawUnit) text() string {
	for _, s := range []string{u.Label, u.Base, u.Symbol} {
		if s != "" {
			return s
		}
	}
	return ""
}

type rawDim struct {
	Label    string `json:"label"`
	Category struct {
		Index json.RawMessage    `json:"index"`
		Label map[string]string  `json:"label"`
		Unit  map[string]rawUnit `json:"unit"`
	} `json:"category"`
}

// dim is one dimension, its categories in index order.
type dim struct {
	id, label  string
	codes      []string
	labels     []string
	units      []string
	positional bool // codes are only positions ("0", "1", …): labels carry the meaning
}

// key is what stands for category i where a meaningful text is needed.
func (d *dim) key(i int) string {
	if d.positional {
		return d.labels[i]
	}
	return d.codes[i]
}

type dataset struct {
	name    string // bundle member name or collection item, for origins
	id      string // prefix of series codes
	title   string
	source  string
	updated time.Time
	dims    []dim
	n       int
	timeDim int // -1 when none
	geoDim  int
	metric  int
	unitDim int
	extUnit string
	values  cells
	status  cells
}

// build checks a raw dataset and resolves its dimensions.
func (rd *rawDataset) build(name string) (*dataset, error) {
	ds := &dataset{name: name, title: rd.Label, timeDim: -1, geoDim: -1, metric: -1, unitDim: -1}
	if ds.title == "" {
		ds.title = rd.Title
	}
	var src string
	if json.Unmarshal(rd.Source, &src) == nil {
		ds.source = src
	}
	ds.updated = parseUpdated(rd.Updated)
	if ds.updated.IsZero() && rd.LastUpdateDate != "" {
		if ms, err := rd.LastUpdateDate.Int64(); err == nil && ms > 0 {
			ds.updated = time.UnixMilli(ms).UTC()
		}
	}
	if rd.Dimension == nil {
		return nil, fmt.Errorf("no \"dimension\": %w", ErrNotDataset)
	}
	ids, sizes, roles := rd.ID, []int(rd.Size), rd.Role
	if ids == nil { // JSON-stat 1.x
		if err := unmarshalIf(rd.Dimension["id"], &ids); err != nil {
			return nil, fmt.Errorf("dimension.id: %w", err)
		}
		var sl sizeList
		if err := unmarshalIf(rd.Dimension["size"], &sl); err != nil {
			return nil, fmt.Errorf("dimension.size: %w", err)
		}
		sizes = sl

	}
	if roles == nil {
		if err := unmarshalIf(rd.Dimension["role"], &roles); err != nil {
			return nil, fmt.Errorf("dimension.role: %w", err)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no dimension ids (\"id\" or \"dimension.id\"): %w", ErrShape)
	}
	if sizes != nil && len(sizes) != len(ids) {
		return nil, fmt.Errorf("%d dimension ids but %d sizes: %w", len(ids), len(sizes), ErrShape)
	}
	ds.n = 1
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] {
			return nil, fmt.Errorf("dimension %q listed twice: %w", id, ErrShape)
		}
		seen[id] = true
		raw, ok := rd.Dimension[id]
		if !ok {
			return nil, fmt.Errorf("dimension %q is listed in id but not described: %w", id, ErrShape)
		}
		d, err := buildDim(id, raw)
		if err != nil {
			return nil, err
		}
		if sizes != nil && sizes[i] != len(d.codes) {
			return nil, fmt.Errorf("dimension %q: size says %d but the category index lists %d: %w", id, sizes[i], len(d.codes), ErrShape)
		}
		if len(d.codes) > 0 && ds.n > maxCells/len(d.codes) {
			return nil, fmt.Errorf("the dimension sizes multiply to more than %d cells: %w", maxCells, ErrShape)
		}
		ds.n *= len(d.codes)
		ds.dims = append(ds.dims, d)
	}

	ds.timeDim = roleDim(ds.dims, roles["time"], isTimeName)
	ds.geoDim = roleDim(ds.dims, roles["geo"], isGeoName)
	if ds.geoDim == ds.timeDim {
		ds.geoDim = -1
	}
	ds.metric = roleDim(ds.dims, roles["metric"], nil)
	for i := range ds.dims {
		if strings.EqualFold(ds.dims[i].id, "unit") && i != ds.timeDim && i != ds.geoDim {
			ds.unitDim = i // Eurostat's convention: the unit is a dimension
			break
		}
	}
	ds.extUnit = extensionUnit(rd.Extension)
	ds.id = datasetID(rd, name)

	raw := bytes.TrimSpace(rd.Value)
	if len(raw) == 0 || (raw[0] != '[' && raw[0] != '{') {
		return nil, fmt.Errorf("\"value\" is missing or neither an array nor an object: %w", ErrShape)
	}
	var err error
	if ds.values, err = decodeCells(raw, ds.n, "value"); err != nil {
		return nil, err
	}
	if ds.status, err = decodeCells(rd.Status, ds.n, "status"); err != nil {
		return nil, err
	}
	return ds, nil
}

// sizeList is a dataset's "size": numbers, or numbers written as strings
// (["37","15","15"], as CSO Ireland's API writes them).
type sizeList []int

func (l *sizeList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("size is not a list: %w", err)
	}
	out := make(sizeList, len(raw))
	for i, r := range raw {
		var n json.Number
		if err := json.Unmarshal(r, &n); err != nil {
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				return fmt.Errorf("size[%d] = %s is not a number: %w", i, r, ErrShape)
			}
			n = json.Number(strings.TrimSpace(s))
		}
		v, err := n.Int64()
		if err != nil || v < 0 || v > maxCells {
			return fmt.Errorf("size[%d] = %s is not a count: %w", i, r, ErrShape)
		}
		out[i] = int(v)
	}
	*l = out
	return nil
}

func unmarshalIf(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}

func buildDim(id string, raw json.RawMessage) (dim, error) {
	var rd rawDim
	if err := json.Unmarshal(raw, &rd); err != nil {
		return dim{}, fmt.Errorf("dimension %q: %w", id, err)
	}
	d := dim{id: id, label: rd.Label}
	idx := bytes.TrimSpace(rd.Category.Index)
	switch {
	case len(idx) == 0 || string(idx) == "null":
		// The index may be left out when there is a single category.
		if len(rd.Category.Label) != 1 {
			return dim{}, fmt.Errorf("dimension %q: category has no index and %d labels: %w", id, len(rd.Category.Label), ErrShape)
		}
		for code := range rd.Category.Label {
			d.codes = []string{code}
		}
	case idx[0] == '[':
		if err := json.Unmarshal(idx, &d.codes); err != nil {
			return dim{}, fmt.Errorf("dimension %q: category.index: %w", id, err)
		}
		seen := make(map[string]bool, len(d.codes))
		for _, c := range d.codes {
			if seen[c] {
				return dim{}, fmt.Errorf("dimension %q: category %q indexed twice: %w", id, c, ErrShape)
			}
			seen[c] = true
		}
	case idx[0] == '{':
		var m map[string]int
		if err := json.Unmarshal(idx, &m); err != nil {
			return dim{}, fmt.Errorf("dimension %q: category.index: %w", id, err)
		}
		d.codes = make([]string, len(m))
		filled := make([]bool, len(m))
		for code, pos := range m {
			if pos < 0 || pos >= len(m) || filled[pos] {
				return dim{}, fmt.Errorf("dimension %q: category %q has position %d, not a free position below %d: %w", id, code, pos, len(m), ErrShape)
			}
			d.codes[pos], filled[pos] = code, true
		}
	default:
		return dim{}, fmt.Errorf("dimension %q: category.index is neither an array nor an object: %w", id, ErrShape)
	}
	d.labels = make([]string, len(d.codes))
	d.units = make([]string, len(d.codes))
	d.positional = len(d.codes) > 0
	for i, c := range d.codes {
		d.labels[i] = c
		if l, ok := rd.Category.Label[c]; ok {
			d.labels[i] = l
		}
		if u, ok := rd.Category.Unit[c]; ok {
			d.units[i] = u.text()
		}
		if c != strconv.Itoa(i) {
			d.positional = false
		}
	}
	return d, nil
}

// roleDim picks the dimension of a role: the first listed one that exists,
// else (when guess is not nil) the first whose id or label names the role.
func roleDim(dims []dim, listed []string, guess func(string) bool) int {
	for _, id := range listed {
		for i := range dims {
			if dims[i].id == id {
				return i
			}
		}
	}
	if guess == nil {
		return -1
	}
	for i := range dims {
		if guess(dims[i].id) || guess(dims[i].label) {
			return i
		}
	}
	return -1
}

// Names that mark a time or a geography dimension when a dataset has no
// "role" (JSON-stat 1.0, GSO's PX-Web): whole names for time, because "Age
// in years" is not a period; words for geography, because GSO calls its
// province dimension "Cities, provincies".
var (
	timeNames = map[string]bool{
		"time": true, "tid": true, "year": true, "years": true, "år": true, "vuosi": true,
		"quarter": true, "kvartal": true, "month": true, "månad": true, "period": true,
		"periode": true, "time_period": true, "time period": true, "date": true, "jahr": true,
		"năm": true, "nam": true, "quý": true, "tháng": true, "kỳ": true, "thời gian": true, "thoi gian": true,
	}
	geoWords = map[string]bool{
		"geo": true, "region": true, "regions": true, "country": true, "countries": true,
		"province": true, "provinces": true, "provincies": true, "city": true, "cities": true,
		"municipality": true, "municipalities": true, "county": true, "counties": true,
		"kommun": true, "län": true, "fylke": true, "alue": true, "tỉnh": true, "tinh": true, "vùng": true,
		"ref_area": true, "geo_area": true,
	}
)

func isTimeName(s string) bool { return timeNames[strings.ToLower(strings.TrimSpace(s))] }

func isGeoName(s string) bool {
	s = strings.ToLower(s)
	if s == "area" || geoWords[strings.TrimSpace(s)] {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if geoWords[w] {
			return true
		}
	}
	return false
}

// extensionUnit finds a unit in a dataset's extension: {"unit": "…"} or
// {"unit": {"label": …}}, directly or under "px".
func extensionUnit(raw json.RawMessage) string {
	var ext map[string]json.RawMessage
	if json.Unmarshal(raw, &ext) != nil {
		return ""
	}
	for _, m := range []map[string]json.RawMessage{ext, sub(ext["px"])} {
		u := m["unit"]
		var s string
		if json.Unmarshal(u, &s) == nil && s != "" {
			return s
		}
		var ru rawUnit
		if json.Unmarshal(u, &ru) == nil && ru.text() != "" {
			return ru.text()
		}
	}
	return ""
}

func sub(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	return m
}

// datasetID is the prefix of series codes: the table id PX-Web states in
// its extension, Eurostat's dataset code, the bundle member's name, or else
// the label.
func datasetID(rd *rawDataset, name string) string {
	var ext struct {
		PX struct {
			TableID string `json:"tableid"`
		} `json:"px"`
	}
	_ = json.Unmarshal(rd.Extension, &ext)
	for _, s := range []string{ext.PX.TableID, rd.Code} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	if name != "" && !strings.HasPrefix(name, "link.item[") {
		return name
	}
	if l := strings.TrimSpace(rd.Label); l != "" {
		return l
	}
	if t := strings.TrimSpace(rd.Title); t != "" {
		return t
	}
	return Name
}

// emit sends one row per cell, in the dataset's row-major order. The time
// and geography dimensions give each row its period and place, and are not
// part of the series: a series is the metric with the dataset's other
// dimensions, the same in every year and place. Those other dimensions,
// except the metric (already the series' own code), go to Dims by code.
func (ds *dataset) emit(ctx context.Context, uri string, out extract.Sink) error {
	idx := make([]int, len(ds.dims))
	prefix := ""
	if ds.name != "" {
		prefix = ds.name + " "
	}
	values, err := ds.values.reader()
	if err != nil {
		return fmt.Errorf("%s: value: %w", uri, err)
	}
	status, err := ds.status.reader()
	if err != nil {
		return fmt.Errorf("%s: status: %w", uri, err)
	}
	var series, name, key strings.Builder
	for flat := 0; flat < ds.n; flat++ {
		if flat&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		series.Reset()
		name.Reset()
		key.Reset()
		series.WriteString(ds.id)
		name.WriteString(ds.title)
		fmt.Fprintf(&key, "%svalue[%d] ", prefix, flat)
		var row extract.RawRow
		for k := range ds.dims {
			d := &ds.dims[k]
			i := idx[k]
			if k > 0 {
				key.WriteByte(',')
			}
			key.WriteString(d.id + "=" + d.codes[i])
			switch k {
			case ds.timeDim:
				row.Period = d.key(i)
			case ds.geoDim:
				row.Geo, row.GeoLabel = d.key(i), d.labels[i]
			default:
				series.WriteString("/" + d.id + "=" + d.key(i))
				if name.Len() > 0 {
					name.WriteString(" / ")
				}
				name.WriteString(d.labels[i])
				if k != ds.metric {
					if row.Dims == nil {
						row.Dims = make(map[string]string, len(ds.dims))
					}
					row.Dims[d.id] = d.codes[i]
				}
			}
		}
		row.Series, row.SeriesName = series.String(), name.String()
		row.Origin = extract.Origin{URI: uri, Key: key.String()}
		v, err := values(flat)
		if err != nil {
			return &extract.DecodeError{Origin: row.Origin, Err: err}
		}
		st, err := status(flat)
		if err != nil {
			return &extract.DecodeError{Origin: row.Origin, Err: err}
		}
		row.Value, row.Status = v.valueText(), st.text
		switch {
		case !v.set && strings.TrimSpace(st.text) == ".":
			// A null value flagged "." (Statistics Norway: not
			// applicable, "lar seg ikke føre opp"): a lone "." is no
			// missing marker elsewhere, so the value stays empty
			// (missing) and the flag stays the row's status.
			row.Value = ""
		case !v.set && isSymbol(st.text):
			// A null value whose status is a symbol ("..", ":", "x"): the
			// symbol is what a CSV of the table would show in the cell, so
			// it goes where transform reads markers and keeps raw values.
			row.Value, row.Status = st.text, ""
		}
		switch {
		case ds.metric >= 0 && ds.dims[ds.metric].units[idx[ds.metric]] != "":
			row.Unit = ds.dims[ds.metric].units[idx[ds.metric]]
		case ds.unitDim >= 0:
			row.Unit = ds.dims[ds.unitDim].labels[idx[ds.unitDim]]
		default:
			row.Unit = ds.extUnit
		}
		if err := out.Row(row); err != nil {
			return err
		}
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(ds.dims[k].codes) {
				break
			}
			idx[k] = 0
		}
	}
	return nil
}
