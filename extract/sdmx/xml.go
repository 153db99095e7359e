package sdmx

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/hanoi-sti/chitieu/extract"
)

// SDMX-ML message kinds this package reads, by root element.
var xmlDataRoots = map[string]bool{
	"StructureSpecificData":           true,
	"StructureSpecificTimeSeriesData": true,
	"CompactData":                     true, // SDMX-ML 2.0, same shape
	"GenericData":                     true,
	"GenericTimeSeriesData":           true,
}

func isGenericRoot(local string) bool { return strings.HasPrefix(local, "Generic") }

func isSDMXNamespace(ns string) bool {
	return strings.Contains(strings.ToLower(ns), "sdmx.org/resources/sdmxml/schemas/") ||
		strings.HasPrefix(strings.ToLower(ns), "urn:sdmx:")
}

// sniffXML accepts a document whose root element is an SDMX-ML data or
// error message in an SDMX namespace.
func sniffXML(head []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.CharsetReader = charsetReader
	dec.Strict = false
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			ns := ""
			for _, a := range se.Attr {
				if (a.Name.Space == "xmlns" && a.Name.Local == se.Name.Space) || (se.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns") {
					ns = a.Value
				}
			}
			return (xmlDataRoots[se.Name.Local] || se.Name.Local == "Error") && isSDMXNamespace(ns)
		}
	}
}

// charsetReader lets encoding/xml read the single-byte encodings statistics
// offices still declare.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return &latin1Reader{r: bufio.NewReader(in)}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}

type latin1Reader struct {
	r       *bufio.Reader
	pending []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.pending) > 0 {
			c := copy(p[n:], l.pending)
			l.pending = l.pending[c:]
			n += c
			continue
		}
		b, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		l.pending = utf8.AppendRune(l.pending[:0], rune(b))
	}
	return n, nil
}

type xmlText struct {
	Lang string `xml:"lang,attr"`
	Text string `xml:",chardata"`
}

type xmlRef struct {
	Ref struct {
		AgencyID string `xml:"agencyID,attr"`
		ID       string `xml:"id,attr"`
		Version  string `xml:"version,attr"`
	} `xml:"Ref"`
	URN string `xml:"URN"`
}

func (r xmlRef) String() string {
	if s := structureRef(r.Ref.AgencyID, r.Ref.ID, r.Ref.Version); s != "" {
		return s
	}
	return refFromURN(strings.TrimSpace(r.URN))
}

type xmlHeader struct {
	ID       string    `xml:"ID"`
	Prepared string    `xml:"Prepared"`
	Name     []xmlText `xml:"Name"`
	Sender   struct {
		ID   string    `xml:"id,attr"`
		Name []xmlText `xml:"Name"`
	} `xml:"Sender"`
	Structures []struct {
		StructureID string `xml:"structureID,attr"`
		Namespace   string `xml:"namespace,attr"`
		DimAtObs    string `xml:"dimensionAtObservation,attr"`
		Usage       xmlRef `xml:"StructureUsage"`
		Structure   xmlRef `xml:"Structure"`
		Provision   xmlRef `xml:"ProvisionAgrement"` // sic, as in the SDMX 2.1 schema
	} `xml:"Structure"`
	DataSetAction string `xml:"DataSetAction"`
	// SDMX-ML 2.0 CompactData
	KeyFamilyRef   string `xml:"KeyFamilyRef"`
	KeyFamilyAgent string `xml:"KeyFamilyAgency"`
}

func pickText(ts []xmlText) string {
	for _, t := range ts {
		if strings.HasPrefix(strings.ToLower(t.Lang), "en") {
			return strings.TrimSpace(t.Text)
		}
	}
	if len(ts) > 0 {
		return strings.TrimSpace(ts[0].Text)
	}
	return ""
}

// xmlStructure is what the header says about one structure a dataset may
// refer to.
type xmlStructure struct {
	flow     string
	dimAtObs string
}

// Standard attributes of DataSet elements (SDMX-ML 2.0 and 2.1) that are not
// attributes of the data.
var xmlDataSetMeta = map[string]bool{
	"structureRef": true, "setID": true, "action": true, "reportingBeginDate": true,
	"reportingEndDate": true, "validFromDate": true, "validToDate": true,
	"publicationYear": true, "publicationPeriod": true, "dataScope": true,
	"keyFamilyURI": true, "datasetID": true, "dataProviderSchemeAgencyId": true,
	"dataProviderSchemeId": true, "dataProviderID": true, "dataflowAgencyID": true,
	"dataflowID": true, "type": true,
}

// xmlReader streams one SDMX-ML data message.
type xmlReader struct {
	ctx     context.Context
	uri     string
	out     extract.Sink
	dec     *xml.Decoder
	generic bool

	header     xmlHeader
	structures map[string]xmlStructure
	described  bool

	// current dataset
	flow     string
	dimAtObs string
	action   string
	dsAttrs  []comp
	groups   []xmlGroup

	// current series (generic: also the key being read)
	inSeries   bool
	seriesDims []comp
	seriesAttr []comp

	// current observation (generic)
	obsLine  int
	obsDims  []comp
	obsAttrs []comp
	obsValue string
	obsHasV  bool
}

type xmlGroup struct {
	dims, attrs []comp
}

// decodeXML reads SDMX-ML with encoding/xml's token stream: one Series and
// one Obs at a time.
func decodeXML(ctx context.Context, uri string, body []byte, out extract.Sink) error {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charsetReader
	r := &xmlReader{ctx: ctx, uri: uri, out: out, dec: dec, structures: map[string]xmlStructure{}}
	err := r.read()
	if err == nil {
		return nil
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: se.Line}, Err: fmt.Errorf("SDMX-ML: %w", err)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line, _ := dec.InputPos()
		return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: line}, Err: fmt.Errorf("SDMX-ML truncated: %w", err)}
	}
	var de *extract.DecodeError
	var st stop
	if errors.As(err, &de) || errors.As(err, &st) || strings.HasPrefix(err.Error(), uri+": ") {
		return err
	}
	line, _ := dec.InputPos()
	return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: line}, Err: err}
}

func (r *xmlReader) line() int {
	l, _ := r.dec.InputPos()
	return l
}

func (r *xmlReader) read() error {
	// Root element.
	var root xml.StartElement
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			return fmt.Errorf("%s: %w: no root element", r.uri, ErrNotSDMX)
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	if !isSDMXNamespace(root.Name.Space) {
		return fmt.Errorf("%s: %w: root element <%s> in namespace %q", r.uri, ErrNotSDMX, root.Name.Local, root.Name.Space)
	}
	if root.Name.Local == "Error" {
		return r.errorMessage(root)
	}
	if !xmlDataRoots[root.Name.Local] {
		return fmt.Errorf("%s: %w: SDMX-ML %s message, not a data message", r.uri, ErrNotSDMX, root.Name.Local)
	}
	r.generic = isGenericRoot(root.Name.Local)

	depth := 1 // inside root
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			if depth > 0 {
				return io.ErrUnexpectedEOF
			}
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				return fmt.Errorf("second root element <%s> after the message: %w", t.Name.Local, ErrNotSDMX)
			}
			if depth == 1 && t.Name.Local == "Header" {
				if err := r.dec.DecodeElement(&r.header, &t); err != nil {
					return err
				}
				r.readHeader()
				continue
			}
			if depth == 1 && t.Name.Local == "DataSet" {
				if err := r.dataSet(t); err != nil {
					return err
				}
				continue
			}
			if depth == 1 && t.Name.Local == "Footer" {
				if err := r.footer(t); err != nil {
					return err
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	r.describe()
	return nil
}

func (r *xmlReader) readHeader() {
	for _, s := range r.header.Structures {
		flow := s.Usage.String()
		if flow == "" {
			flow = s.Structure.String()
		}
		if flow == "" {
			flow = s.Provision.String()
		}
		if flow == "" {
			flow = refFromURN(s.Namespace)
		}
		r.structures[s.StructureID] = xmlStructure{flow: flow, dimAtObs: s.DimAtObs}
	}
	if len(r.header.Structures) == 0 && r.header.KeyFamilyRef != "" {
		r.structures[""] = xmlStructure{flow: structureRef(r.header.KeyFamilyAgent, r.header.KeyFamilyRef, "")}
	}
}

func (r *xmlReader) firstStructure() xmlStructure {
	if len(r.header.Structures) > 0 {
		return r.structures[r.header.Structures[0].StructureID]
	}
	return r.structures[""]
}

func (r *xmlReader) describe() {
	if r.described {
		return
	}
	r.described = true
	h := &r.header
	flow := r.firstStructure().flow
	info := extract.Info{Title: pickText(h.Name), Vintage: parseTime(h.Prepared)}
	if info.Title == "" {
		info.Title = flow
	}
	info.Publisher = pickText(h.Sender.Name)
	if info.Publisher == "" && h.Sender.ID != "ZZZ" { // ZZZ: SDMX's "unknown"
		info.Publisher = h.Sender.ID
	}
	if info.Publisher == "" {
		info.Publisher = agencyOf(flow)
	}
	r.out.Describe(info)
}

// errorMessage turns an SDMX-ML Error message into an error.
func (r *xmlReader) errorMessage(root xml.StartElement) error {
	var m struct {
		Messages []struct {
			Code string    `xml:"code,attr"`
			Text []xmlText `xml:"Text"`
		} `xml:"ErrorMessage"`
	}
	if err := r.dec.DecodeElement(&m, &root); err != nil {
		return err
	}
	var parts []string
	for _, e := range m.Messages {
		s := pickText(e.Text)
		if e.Code != "" {
			s = "code " + e.Code + ": " + s
		}
		parts = append(parts, s)
	}
	return fmt.Errorf("%s: %w: %s", r.uri, ErrErrorMessage, strings.Join(parts, "; "))
}

// footer reads a message footer; SDMX uses it for errors found while
// streaming the data, so an error there refuses the payload.
func (r *xmlReader) footer(start xml.StartElement) error {
	var f struct {
		Messages []struct {
			Code     string    `xml:"code,attr"`
			Severity string    `xml:"severity,attr"`
			Text     []xmlText `xml:"Text"`
		} `xml:"Message"`
	}
	if err := r.dec.DecodeElement(&f, &start); err != nil {
		return err
	}
	for _, m := range f.Messages {
		if strings.EqualFold(m.Severity, "Error") {
			return fmt.Errorf("%s: %w: footer: code %s: %s", r.uri, ErrErrorMessage, m.Code, pickText(m.Text))
		}
	}
	return nil
}

// plainAttrs are an element's attributes without a namespace (data
// components in structure-specific messages), minus the standard ones.
func plainAttrs(se xml.StartElement, skip map[string]bool) []comp {
	var cs []comp
	for _, a := range se.Attr {
		if a.Name.Space != "" || a.Name.Local == "xmlns" || skip[a.Name.Local] {
			continue
		}
		cs = append(cs, comp{id: a.Name.Local, code: a.Value})
	}
	return cs
}

func attrOf(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// split separates structure-specific components into dimensions and
// attributes by SDMX convention.
func split(cs []comp) (dims, attrs []comp) {
	for _, c := range cs {
		if isAttributeID(c.id) {
			attrs = append(attrs, c)
		} else {
			dims = append(dims, c)
		}
	}
	return dims, attrs
}

func (r *xmlReader) dataSet(start xml.StartElement) error {
	r.describe()
	ref, _ := attrOf(start, "structureRef")
	st, ok := r.structures[ref]
	if !ok {
		st = r.firstStructure()
	}
	r.flow, r.dimAtObs = st.flow, st.dimAtObs
	if r.flow == "" && isSDMXNamespace(start.Name.Space) && strings.HasPrefix(start.Name.Space, "urn:") {
		r.flow = refFromURN(start.Name.Space) // SDMX-ML 2.0 compact data namespace
	}
	r.action = r.header.DataSetAction
	if a, ok := attrOf(start, "action"); ok {
		r.action = a
	}
	r.groups = nil
	r.dsAttrs = nil
	if !r.generic {
		r.dsAttrs = plainAttrs(start, xmlDataSetMeta)
	}
	r.inSeries = false
	if r.generic {
		return r.genericDataSet()
	}
	return r.structureSpecificDataSet()
}

func (r *xmlReader) structureSpecificDataSet() error {
	depth := 1
	for depth > 0 {
		tok, err := r.dec.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "Series" && depth == 2:
				r.inSeries = true
				r.seriesDims, r.seriesAttr = split(plainAttrs(t, nil))
				r.applyGroups()
			case t.Name.Local == "Group" && depth == 2:
				var g xmlGroup
				g.dims, g.attrs = split(plainAttrs(t, nil))
				r.groups = append(r.groups, g)
			case t.Name.Local == "Obs" && (depth == 2 || depth == 3 && r.inSeries):
				if depth == 2 {
					r.inSeries, r.seriesDims, r.seriesAttr = false, nil, nil
				}
				line := r.line()
				var dims, attrs []comp
				var value string
				for _, c := range plainAttrs(t, nil) {
					switch {
					case strings.EqualFold(c.id, "OBS_VALUE"):
						value = c.code
					case isAttributeID(c.id):
						attrs = append(attrs, c)
					default:
						dims = append(dims, c)
					}
				}
				if err := r.emit(line, dims, attrs, value); err != nil {
					return err
				}
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "Series" && depth == 1 {
				r.inSeries, r.seriesDims, r.seriesAttr = false, nil, nil
			}
		}
	}
	return nil
}

// applyGroups adds the attributes of groups whose key matches the current
// series.
func (r *xmlReader) applyGroups() {
	for _, g := range r.groups {
		match := true
		for _, gd := range g.dims {
			found := false
			for _, sd := range r.seriesDims {
				if sd.id == gd.id && sd.code == gd.code {
					found = true
					break
				}
			}
			if !found {
				match = false
				break
			}
		}
		if match {
			r.seriesAttr = append(r.seriesAttr, g.attrs...)
		}
	}
}

// genericDataSet reads GenericData: keys and attributes as
// <Value id=… value=…/> inside SeriesKey, ObsKey, GroupKey and Attributes.
func (r *xmlReader) genericDataSet() error {
	var stack []string // local names below DataSet
	parent := func(n int) string {
		if len(stack) > n {
			return stack[len(stack)-1-n]
		}
		return "DataSet"
	}
	var group *xmlGroup
	for {
		tok, err := r.dec.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch name {
			case "Series":
				r.inSeries, r.seriesDims, r.seriesAttr = true, nil, nil
			case "Group":
				group = &xmlGroup{}
			case "Obs":
				r.obsLine, r.obsDims, r.obsAttrs, r.obsValue, r.obsHasV = r.line(), nil, nil, "", false
				if parent(0) == "DataSet" {
					r.inSeries, r.seriesDims, r.seriesAttr = false, nil, nil
				}
			case "Value":
				id, ok := attrOf(t, "id")
				if !ok {
					id, ok = attrOf(t, "concept") // SDMX-ML 2.0
				}
				if !ok {
					return fmt.Errorf("<Value> without id at line %d: %w", r.line(), ErrStructure)
				}
				v, ok := attrOf(t, "value")
				if !ok {
					var s string
					if err := r.dec.DecodeElement(&s, &t); err != nil {
						return err
					}
					v = strings.TrimSpace(s)
					tok = nil // element consumed
				}
				c := comp{id: id, code: v}
				switch parent(0) + "/" + parent(1) {
				case "SeriesKey/Series":
					r.seriesDims = append(r.seriesDims, c)
				case "ObsKey/Obs":
					r.obsDims = append(r.obsDims, c)
				case "GroupKey/Group":
					if group != nil {
						group.dims = append(group.dims, c)
					}
				case "Attributes/Series":
					r.seriesAttr = append(r.seriesAttr, c)
				case "Attributes/Obs":
					r.obsAttrs = append(r.obsAttrs, c)
				case "Attributes/Group":
					if group != nil {
						group.attrs = append(group.attrs, c)
					}
				case "Attributes/DataSet":
					r.dsAttrs = append(r.dsAttrs, c)
				}
				if tok == nil {
					continue
				}
			case "ObsDimension":
				id, ok := attrOf(t, "id")
				if !ok {
					id = r.dimAtObs
					if id == "" || strings.EqualFold(id, "AllDimensions") {
						id = "TIME_PERIOD"
					}
				}
				v, _ := attrOf(t, "value")
				r.obsDims = append(r.obsDims, comp{id: id, code: v})
			case "Time": // SDMX-ML 2.0
				var s string
				if err := r.dec.DecodeElement(&s, &t); err != nil {
					return err
				}
				r.obsDims = append(r.obsDims, comp{id: "TIME_PERIOD", code: strings.TrimSpace(s)})
				continue
			case "ObsValue":
				r.obsValue, _ = attrOf(t, "value")
				r.obsHasV = true
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) == 0 { // </DataSet>
				return nil
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch name {
			case "Obs":
				if err := r.emit(r.obsLine, r.obsDims, r.obsAttrs, r.obsValue); err != nil {
					return err
				}
			case "Series":
				r.inSeries, r.seriesDims, r.seriesAttr = false, nil, nil
			case "Group":
				if group != nil {
					r.groups = append(r.groups, *group)
					group = nil
				}
			case "SeriesKey":
				r.applyGroups()
			}
		}
	}
}

// emit assembles an observation from the dataset, series and observation
// levels.
func (r *xmlReader) emit(line int, obsDims, obsAttrs []comp, value string) error {
	o := &obs{
		flow:   r.flow,
		value:  value,
		action: r.action,
	}
	var seriesKey, obsKey []string
	addDim := func(c comp, key *[]string) {
		*key = append(*key, c.code)
		if isTimeID(c.id) && o.period == "" {
			o.period = c.code
			return
		}
		o.dims = append(o.dims, c)
	}
	for _, c := range r.seriesDims {
		addDim(c, &seriesKey)
	}
	for _, c := range obsDims {
		addDim(c, &obsKey)
	}
	o.attrs = make([]comp, 0, len(r.dsAttrs)+len(r.seriesAttr)+len(obsAttrs))
	// Observation attributes first: a value at a lower level overrides.
	o.attrs = append(o.attrs, obsAttrs...)
	o.attrs = append(o.attrs, r.seriesAttr...)
	o.attrs = append(o.attrs, r.dsAttrs...)
	key := strings.Join(obsKey, ".")
	if r.inSeries {
		key = strings.Join(seriesKey, ".") + "/" + key
	}
	o.origin = extract.Origin{URI: r.uri, Row: line, Key: key}
	return emit(r.ctx, r.out, o)
}
