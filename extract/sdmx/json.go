package sdmx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// sniffJSON walks the tokens of a JSON head (which may be cut anywhere) and
// looks for the members only SDMX-JSON data and error messages have:
// "dataSets", "structure.dimensions", "data.dataSets", "data.structures",
// an SDMX-JSON "$schema"/"meta.schema", or "errors" beside "meta"/"header".
// JSON-stat ("class", "dimension", "value") and World Bank arrays have none.
func sniffJSON(head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	type frame struct {
		obj       bool
		key       string
		expectKey bool
	}
	var stack []frame
	seen := map[string]bool{}
	schema := false
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.obj {
				parts = append(parts, f.key)
			}
		}
		return strings.Join(parts, ".")
	}
	afterValue := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].expectKey = true
		}
	}
	for first := true; ; first = false {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if first && tok != json.Delim('{') {
			return false
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, frame{obj: t == '{', expectKey: true})
			default:
				stack = stack[:top]
				afterValue()
			}
			continue
		case string:
			if top >= 0 && stack[top].obj && stack[top].expectKey {
				stack[top].key, stack[top].expectKey = t, false
				if p := path(); strings.Count(p, ".") <= 1 {
					seen[p] = true
				}
				continue
			}
			if p := path(); (p == "$schema" || p == "meta.schema") && strings.Contains(strings.ToLower(t), "sdmx") {
				schema = true
			}
		}
		afterValue()
		if len(stack) == 0 {
			break
		}
	}
	switch {
	case seen["class"], seen["dimension"], seen["dataset"]:
		return false // JSON-stat
	case schema, seen["dataSets"], seen["structure.dimensions"],
		seen["data.dataSets"], seen["data.structures"], seen["data.structure"]:
		return true
	case seen["errors"] && (seen["meta"] || seen["header"]):
		return true
	}
	return false
}

// JSON message, in its three layouts: draft 1.0 (header, structure,
// dataSets at the top), 1.0 (meta, data.structure, data.dataSets) and 2.x
// (meta, data.structures, data.dataSets[].structure).
type jsonMessage struct {
	Header    *jsonHeader    `json:"header"`
	Meta      *jsonHeader    `json:"meta"`
	Structure *jsonStructure `json:"structure"`
	DataSets  []jsonDataSet  `json:"dataSets"`
	Data      *struct {
		Structure  *jsonStructure  `json:"structure"`
		Structures []jsonStructure `json:"structures"`
		DataSets   []jsonDataSet   `json:"dataSets"`
	} `json:"data"`
	Errors []json.RawMessage `json:"errors"`
}

type jsonHeader struct {
	ID       string `json:"id"`
	Prepared string `json:"prepared"`
	Sender   *struct {
		ID    string          `json:"id"`
		Name  json.RawMessage `json:"name"`
		Names json.RawMessage `json:"names"`
	} `json:"sender"`
}

type jsonLink struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
	URN  string `json:"urn"`
}

type jsonLevels struct {
	DataSet     []jsonComponent `json:"dataSet"`
	Series      []jsonComponent `json:"series"`
	Observation []jsonComponent `json:"observation"`
}

type jsonStructure struct {
	ID         string          `json:"id"`
	Name       json.RawMessage `json:"name"`
	Names      json.RawMessage `json:"names"`
	Links      []jsonLink      `json:"links"`
	Dimensions jsonLevels      `json:"dimensions"`
	Attributes jsonLevels      `json:"attributes"`
	Measures   *jsonLevels     `json:"measures"`
}

type jsonComponent struct {
	ID          string          `json:"id"`
	Name        json.RawMessage `json:"name"`
	KeyPosition *int            `json:"keyPosition"`
	Role        json.RawMessage `json:"role"`  // 1.0: a string
	Roles       json.RawMessage `json:"roles"` // 2.x: an array
	Default     json.RawMessage `json:"default"`
	Values      []jsonValue     `json:"values"`
}

type jsonValue struct {
	ID    *string         `json:"id"`
	Name  json.RawMessage `json:"name"`
	Names json.RawMessage `json:"names"`
	Value json.RawMessage `json:"value"`
}

type jsonDataSet struct {
	Structure    *int              `json:"structure"`
	Action       string            `json:"action"`
	Attributes   []json.RawMessage `json:"attributes"`
	Series       orderedObject     `json:"series"`
	Observations orderedObject     `json:"observations"`
}

type jsonSeries struct {
	Attributes   []json.RawMessage `json:"attributes"`
	Observations orderedObject     `json:"observations"`
}

// orderedObject keeps the members of a JSON object in document order (Go
// maps do not), so rows come out in the order of the file.
type orderedObject []struct {
	Key   string
	Value json.RawMessage
}

func (o *orderedObject) UnmarshalJSON(b []byte) error {
	*o = nil
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("expected an object, found %.20s", b)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*o = append(*o, struct {
			Key   string
			Value json.RawMessage
		}{tok.(string), v})
	}
	return nil
}

// text renders a JSON scalar as written: strings unquoted, numbers in their
// original digits, null as "", a localised {"en": …} object by its English
// (else first) text.
func text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil && len(m) > 0 {
			if v, ok := m["en"]; ok {
				return text(v)
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return text(m[keys[0]])
		}
		return ""
	}
	return string(raw)
}

func (v jsonValue) code() string {
	if v.ID != nil {
		return *v.ID
	}
	if len(v.Value) > 0 {
		return text(v.Value)
	}
	return v.label()
}

func (v jsonValue) label() string {
	if s := text(v.Name); s != "" {
		return s
	}
	return text(v.Names)
}

func (c jsonComponent) hasRole(role string) bool {
	if strings.EqualFold(text(c.Role), role) {
		return true
	}
	var roles []string
	_ = json.Unmarshal(c.Roles, &roles)
	for _, r := range roles {
		if strings.EqualFold(r, role) {
			return true
		}
	}
	return false
}

// flowRef finds the dataflow (else data structure) a JSON structure
// describes, from its links' URNs or REST hrefs (…/dataflow/ECB/EXR/1.0).
func (s *jsonStructure) flowRef() string {
	for _, rel := range []string{"dataflow", "datastructure", "provisionagreement"} {
		for _, l := range s.Links {
			if !strings.EqualFold(l.Rel, rel) {
				continue
			}
			if r := refFromURN(l.URN); r != "" {
				return r
			}
			if i := strings.Index(strings.ToLower(l.Href), "/"+rel+"/"); i >= 0 {
				var parts []string
				for _, p := range strings.Split(strings.Trim(l.Href[i+len(rel)+2:], "/"), "/") {
					if p != "" && !strings.EqualFold(p, "all") && !strings.EqualFold(p, "latest") {
						parts = append(parts, p)
					}
				}
				switch len(parts) {
				case 1:
					return parts[0]
				case 2:
					return structureRef(parts[0], parts[1], "")
				case 3:
					return structureRef(parts[0], parts[1], parts[2])
				}
			}
		}
	}
	return s.ID
}

// jsonDim is a dimension with the level it is given at.
type jsonDim struct {
	jsonComponent
	level string // "dataSet", "series", "observation"
	order int    // position in the level's list
}

// jsonPlan is a structure resolved for reading observations.
type jsonPlan struct {
	flow                    string
	keyOrder                []*jsonDim // all dimensions by keyPosition
	dsDims, serDims, obDims []*jsonDim
	time                    *jsonDim
	geo                     string
	dsAttrs, serAttrs       []jsonComponent
	obAttrs                 []jsonComponent
	measures                []jsonComponent
}

func newJSONPlan(s *jsonStructure) *jsonPlan {
	p := &jsonPlan{flow: s.flowRef()}
	add := func(level string, cs []jsonComponent) []*jsonDim {
		var ds []*jsonDim
		for i, c := range cs {
			d := &jsonDim{jsonComponent: c, level: level, order: len(p.keyOrder) + i}
			ds = append(ds, d)
		}
		p.keyOrder = append(p.keyOrder, ds...)
		return ds
	}
	p.dsDims = add("dataSet", s.Dimensions.DataSet)
	p.serDims = add("series", s.Dimensions.Series)
	p.obDims = add("observation", s.Dimensions.Observation)
	sort.SliceStable(p.keyOrder, func(i, j int) bool {
		a, b := p.keyOrder[i], p.keyOrder[j]
		switch {
		case a.KeyPosition != nil && b.KeyPosition != nil:
			return *a.KeyPosition < *b.KeyPosition
		case a.KeyPosition != nil:
			return true
		case b.KeyPosition != nil:
			return false
		}
		return a.order < b.order
	})
	for _, d := range p.keyOrder {
		if p.time == nil && (isTimeID(d.ID) || d.hasRole("TIME_PERIOD")) {
			p.time = d
		}
		if p.geo == "" && d.hasRole("REF_AREA") {
			p.geo = d.ID
		}
	}
	// An attribute listed without values cannot be referred to; OECD.Stat
	// lists TIME_FORMAT that way and then leaves it out of the observation
	// arrays, so the positions only line up once it is dropped.
	keep := func(cs []jsonComponent) []jsonComponent {
		var out []jsonComponent
		for _, c := range cs {
			if len(c.Values) > 0 || len(c.Default) > 0 {
				out = append(out, c)
			}
		}
		return out
	}
	p.dsAttrs = keep(s.Attributes.DataSet)
	p.serAttrs = keep(s.Attributes.Series)
	p.obAttrs = keep(s.Attributes.Observation)
	if s.Measures != nil {
		p.measures = s.Measures.Observation
	}
	return p
}

// parseKey splits a positional key ("0:1:3") against the dimensions of
// its level.
func parseKey(key string, dims []*jsonDim, what string) ([]int, error) {
	if key == "" && len(dims) == 0 {
		return nil, nil
	}
	parts := strings.Split(key, ":")
	if len(parts) != len(dims) {
		return nil, fmt.Errorf("%s key %q has %d positions, the structure has %d %s-level dimensions: %w",
			what, key, len(parts), len(dims), what, ErrStructure)
	}
	idx := make([]int, len(parts))
	for i, s := range parts {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n >= len(dims[i].Values) {
			return nil, fmt.Errorf("%s key %q: position %d (%s) refers to value %q, the structure lists %d values: %w",
				what, key, i, dims[i].ID, s, len(dims[i].Values), ErrStructure)
		}
		idx[i] = n
	}
	return idx, nil
}

// attrValues resolves attribute indexes (null = not set; missing = the
// attribute's default).
func attrValues(idx []json.RawMessage, attrs []jsonComponent, level string, single bool) ([]comp, error) {
	var out []comp
	for i, a := range attrs {
		var v comp
		v.id = a.ID
		switch {
		case i < len(idx) && text(idx[i]) != "":
			n, err := strconv.Atoi(text(idx[i]))
			if err != nil || n < 0 || n >= len(a.Values) {
				return nil, fmt.Errorf("%s attribute %s refers to value %s, the structure lists %d values: %w",
					level, a.ID, idx[i], len(a.Values), ErrStructure)
			}
			v.code, v.label = a.Values[n].code(), a.Values[n].label()
		case i < len(idx): // null: not set
		case len(a.Default) > 0:
			v.code = text(a.Default)
		case single && len(a.Values) == 1:
			// A dataSet-level attribute with its one value and no index.
			v.code, v.label = a.Values[0].code(), a.Values[0].label()
		}
		out = append(out, v)
	}
	return out, nil
}

// decodeJSON decodes the whole document (the format's positional indexes
// need the structure before the data) and emits observations in document
// order.
func decodeJSON(ctx context.Context, uri string, body []byte, out extract.Sink) error {
	var m jsonMessage
	if err := json.Unmarshal(body, &m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: lineAt(body, se.Offset)}, Err: fmt.Errorf("SDMX-JSON: %w", err)}
		case errors.As(err, &te):
			return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: lineAt(body, te.Offset), Key: te.Field}, Err: fmt.Errorf("SDMX-JSON: %w: %w", err, ErrNotSDMX)}
		}
		return fmt.Errorf("%s: SDMX-JSON: %w", uri, err)
	}
	if len(m.Errors) > 0 {
		var msgs []string
		for _, e := range m.Errors {
			var f struct {
				Code    json.RawMessage `json:"code"`
				Title   json.RawMessage `json:"title"`
				Titles  json.RawMessage `json:"titles"`
				Detail  json.RawMessage `json:"detail"`
				Message json.RawMessage `json:"message"`
			}
			_ = json.Unmarshal(e, &f)
			var parts []string
			if c := text(f.Code); c != "" {
				parts = append(parts, "code "+c)
			}
			for _, t := range []json.RawMessage{f.Title, f.Titles, f.Detail, f.Message} {
				if s := text(t); s != "" {
					parts = append(parts, s)
					break
				}
			}
			if d := text(f.Detail); d != "" && !contains(parts, d) {
				parts = append(parts, d)
			}
			if len(parts) == 0 {
				parts = append(parts, string(e))
			}
			msgs = append(msgs, strings.Join(parts, ": "))
		}
		return fmt.Errorf("%s: %w: %s", uri, ErrErrorMessage, strings.Join(msgs, "; "))
	}

	hdr := m.Meta
	if hdr == nil {
		hdr = m.Header
	}
	var structures []jsonStructure
	dataSets := m.DataSets
	switch {
	case m.Data != nil && len(m.Data.Structures) > 0:
		structures, dataSets = m.Data.Structures, m.Data.DataSets
	case m.Data != nil && m.Data.Structure != nil:
		structures, dataSets = []jsonStructure{*m.Data.Structure}, m.Data.DataSets
	case m.Structure != nil:
		structures = []jsonStructure{*m.Structure}
	}
	if len(structures) == 0 {
		return fmt.Errorf("%s: %w: JSON without an SDMX structure (no structure.dimensions or data.structures)", uri, ErrNotSDMX)
	}
	plans := make([]*jsonPlan, len(structures))
	for i := range structures {
		plans[i] = newJSONPlan(&structures[i])
	}

	info := extract.Info{Title: text(structures[0].Name)}
	if info.Title == "" {
		info.Title = text(structures[0].Names)
	}
	if info.Title == "" {
		info.Title = plans[0].flow
	}
	if hdr != nil {
		info.Vintage = parseTime(hdr.Prepared)
		if hdr.Sender != nil {
			info.Publisher = text(hdr.Sender.Name)
			if info.Publisher == "" {
				info.Publisher = text(hdr.Sender.Names)
			}
			if info.Publisher == "" {
				info.Publisher = hdr.Sender.ID
			}
		}
	}
	if info.Publisher == "" {
		info.Publisher = agencyOf(plans[0].flow)
	}
	out.Describe(info)

	for di := range dataSets {
		ds := &dataSets[di]
		si := 0
		if ds.Structure != nil {
			si = *ds.Structure
		}
		if si < 0 || si >= len(plans) {
			return &extract.DecodeError{Origin: extract.Origin{URI: uri, Key: fmt.Sprintf("dataSets[%d]", di)},
				Err: fmt.Errorf("dataSet refers to structure %d, the message has %d: %w", si, len(plans), ErrStructure)}
		}
		r := &jsonReader{ctx: ctx, uri: uri, out: out, plan: plans[si], ds: ds}
		if len(dataSets) > 1 {
			r.prefix = fmt.Sprintf("dataSets[%d]:", di)
		}
		if err := r.read(); err != nil {
			return err
		}
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// jsonReader reads the observations of one dataSet.
type jsonReader struct {
	ctx    context.Context
	uri    string
	out    extract.Sink
	plan   *jsonPlan
	ds     *jsonDataSet
	prefix string
}

func (r *jsonReader) fail(key string, err error) error {
	return &extract.DecodeError{Origin: extract.Origin{URI: r.uri, Key: r.prefix + key}, Err: err}
}

func (r *jsonReader) read() error {
	p := r.plan
	codes := map[*jsonDim]int{}
	for _, d := range p.dsDims {
		if len(d.Values) != 1 {
			return r.fail("", fmt.Errorf("dataSet-level dimension %s has %d values, not one: %w", d.ID, len(d.Values), ErrStructure))
		}
		codes[d] = 0
	}
	dsAttrs, err := attrValues(r.ds.Attributes, p.dsAttrs, "dataSet", true)
	if err != nil {
		return r.fail("", err)
	}
	if len(r.ds.Series) == 0 && len(p.serDims) > 0 && len(r.ds.Observations) > 0 {
		return r.fail("", fmt.Errorf("flat observations but %d series-level dimensions: %w", len(p.serDims), ErrStructure))
	}
	for _, s := range r.ds.Series {
		idx, err := parseKey(s.Key, p.serDims, "series")
		if err != nil {
			return r.fail(s.Key, err)
		}
		for i, d := range p.serDims {
			codes[d] = idx[i]
		}
		var ser jsonSeries
		if err := json.Unmarshal(s.Value, &ser); err != nil {
			return r.fail(s.Key, fmt.Errorf("series: %w: %w", err, ErrNotSDMX))
		}
		serAttrs, err := attrValues(ser.Attributes, p.serAttrs, "series", false)
		if err != nil {
			return r.fail(s.Key, err)
		}
		attrs := append(append([]comp(nil), dsAttrs...), serAttrs...)
		if err := r.observations(ser.Observations, s.Key+"/", codes, attrs); err != nil {
			return err
		}
	}
	if len(r.ds.Series) == 0 {
		return r.observations(r.ds.Observations, "", codes, dsAttrs)
	}
	return nil
}

func (r *jsonReader) observations(obsv orderedObject, keyPrefix string, codes map[*jsonDim]int, attrs []comp) error {
	p := r.plan
	nMeasures := max(1, len(p.measures))
	for _, ob := range obsv {
		key := keyPrefix + ob.Key
		idx, err := parseKey(ob.Key, p.obDims, "observation")
		if err != nil {
			return r.fail(key, err)
		}
		for i, d := range p.obDims {
			codes[d] = idx[i]
		}
		var arr []json.RawMessage
		if err := json.Unmarshal(ob.Value, &arr); err != nil {
			// A bare value instead of an array: still an observation.
			arr = []json.RawMessage{ob.Value}
		}
		var measures, attrIdx []json.RawMessage
		if len(arr) > nMeasures {
			measures, attrIdx = arr[:nMeasures], arr[nMeasures:]
		} else {
			measures = arr
		}
		obAttrs, err := attrValues(attrIdx, p.obAttrs, "observation", false)
		if err != nil {
			return r.fail(key, err)
		}
		o := &obs{
			flow:   p.flow,
			geoID:  p.geo,
			action: r.ds.Action,
			attrs:  append(append([]comp(nil), attrs...), obAttrs...),
			origin: extract.Origin{URI: r.uri, Key: r.prefix + key},
		}
		for i, m := range measures {
			if i == 0 {
				o.value = text(m)
				continue
			}
			if i < len(p.measures) {
				o.attrs = append(o.attrs, comp{id: p.measures[i].ID, code: text(m)})
			}
		}
		for _, d := range p.keyOrder {
			v := d.Values[codes[d]]
			if d == p.time {
				o.period = v.code()
				continue
			}
			o.dims = append(o.dims, comp{id: d.ID, code: v.code(), label: v.label()})
		}
		if err := emit(r.ctx, r.out, o); err != nil {
			return err
		}
	}
	return nil
}
