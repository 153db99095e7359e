package transform

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"

	"github.com/hanoi-sti/chitieu/vntext"
)

// The normaliser's side of places: which scheme a payload's places are read
// in, the evidence that a payload is a Vietnamese table, and row labels that
// are places (a yearbook's district or province stub).

// minEvidence is how many distinct places, and at least half of those in
// the payload's first block, must name Vietnamese places on their own
// (StrongPlace) for the payload to count as a Vietnamese table.
const minEvidence = 2

// vietnameseTable reports whether the first block of a payload shows it is
// a Vietnamese table: most of its distinct places (or, where rows name no
// place, row labels) name Vietnamese places. It runs once, on the producer's
// goroutine, before the first block goes to a normaliser.
func vietnameseTable(rows []extract.RawRow) bool {
	seen := map[[2]string]bool{}
	strong := 0
	for i := range rows {
		r := &rows[i]
		k := [2]string{strings.TrimSpace(r.Geo), strings.TrimSpace(r.GeoLabel)}
		if k[0] == "" {
			k = [2]string{stubLeaf(rowLabel(seriesText(r))), ""}
			if k[0] == "" {
				continue
			}
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		if StrongPlace(k[0], k[1]) {
			strong++
		}
	}
	return strong >= minEvidence && 2*strong >= len(seen)
}

// placeReader is the reader for the rows of the current job, and the
// payload's default place resolved; both change only when the decoder
// describes the payload anew.
func (s *normaliser) placeReader() {
	scheme := s.cfg.GeoScheme
	if scheme == "" {
		scheme = s.info.GeoScheme
	}
	def := strings.TrimSpace(s.info.DefaultGeo)
	if def == "" {
		def = strings.TrimSpace(s.cfg.DefaultGeo)
	}
	if s.places.ok && s.places.scheme == scheme && s.places.rawDefault == def && s.places.publisher == s.info.Publisher {
		return
	}
	s.places.ok, s.places.scheme, s.places.rawDefault, s.places.publisher = true, scheme, def, s.info.Publisher
	s.places.defGeo, s.places.defErr = "", nil
	parent := ""
	if def != "" {
		// A default place is declared (the source definition, the
		// template's Địa bàn), so it is read in GSO's scheme.
		s.places.defGeo, s.places.defErr = ParseGeo(def)
		if len(s.places.defGeo) == 2 && allDigits(s.places.defGeo) {
			parent = s.places.defGeo
		}
	}
	s.places.reader = PlaceReader{
		Scheme:     scheme,
		Parent:     parent,
		Source:     s.payload.Source,
		Vietnamese: s.vietnamese || scheme == extract.SchemeGSO || gsoPublisher(s.info.Publisher) || knownCodes[s.places.defGeo],
	}
	s.memo.geos, s.memo.stubs, s.places.last = nil, nil, lastPlace{}
}

// gsoPublisher reports whether a payload says it is published by Viet Nam's
// statistics office (GSO, since March 2025 the NSO, Cục Thống kê): its
// codes are GSO's ("GSO codes in a GSO table"), as in an SDMX message of
// agency GSO with REF_AREA 01.
func gsoPublisher(p string) bool {
	f := vntext.FoldWords(p)
	switch {
	case f == "gso", f == "general statistics office", strings.Contains(f, "general statistics office of viet"),
		strings.Contains(f, "tong cuc thong ke"), strings.HasPrefix(f, "cuc thong ke"),
		strings.Contains(f, "statistics office of viet nam"), strings.Contains(f, "statistics office of vietnam"):
		return true
	}
	return false
}

// placeState is a normaliser's reading of the current job's places.
type placeState struct {
	ok                            bool
	scheme, rawDefault, publisher string
	reader                        PlaceReader
	defGeo                        string
	defErr                        error
	last                          lastPlace
}

// placeStub reads a row that names no place but whose row label is one: a
// yearbook table with a row per district ("Ba Đình | Diện tích (Km²)") or
// per province (NSO's "Ha Noi", " WHOLE COUNTRY"). The place leaves the
// series for the row's geography, so that every district's area is one
// series ("Diện tích (Km²)") on its own place rather than a series per
// district on the province. A row whose remaining series would be empty
// takes the table's title as its series. ok is false when the row label is
// no place.
func (s *normaliser) placeStub(r extract.RawRow) (extract.RawRow, bool) {
	if s.info.KnownSeriesOnly || s.places.reader.Scheme == extract.SchemeSource {
		return r, false
	}
	leaf := stubLeaf(rowLabel(seriesText(&r)))
	if leaf == "" {
		return r, false
	}
	geo, known := s.memo.stubs[leaf]
	if !known {
		geo, _ = s.places.reader.name(leaf, s.places.reader.Vietnamese)
		if s.memo.stubs == nil {
			s.memo.stubs = map[string]string{}
		}
		if len(s.memo.stubs) < memoLimit {
			s.memo.stubs[strings.Clone(leaf)] = geo
		}
	}
	if geo == "" {
		return r, false
	}
	series, name := withoutLeaf(r.Series), withoutLeaf(r.SeriesName)
	if series == "" {
		title := r.Dims["table"]
		if title == "" {
			title = s.info.Title
		}
		if title == "" {
			return r, false
		}
		series, name = title, title
		if len(r.Dims) == 1 {
			r.Dims = nil // the title is the series now, not a dimension of it
		} else {
			dims := make(map[string]string, len(r.Dims)-1)
			for k, v := range r.Dims {
				if k != "table" {
					dims[k] = v
				}
			}
			r.Dims = dims
		}
	}
	r.Series, r.SeriesName, r.Geo, r.GeoLabel = series, name, leaf, ""
	return r, true
}

// readPlace is the geo_code of a row's place, or why it has none.
func (s *normaliser) readPlace(code, label string) (string, error) {
	// Rows come in runs of one place (a CSV of one province, a table's
	// block): comparing with the last one is cheaper than hashing both
	// strings into the memo.
	if l := &s.places.last; l.ok && l.code == code && l.label == label {
		return l.geo, l.err
	}
	g, err := s.readPlaceMemo(code, label)
	s.places.last = lastPlace{true, strings.Clone(code), strings.Clone(label), g, err}
	return g, err
}

// lastPlace is the place of the previous row a normaliser read.
type lastPlace struct {
	ok          bool
	code, label string
	geo         string
	err         error
}

func (s *normaliser) readPlaceMemo(code, label string) (string, error) {
	k := [2]string{code, label}
	if r, ok := s.memo.geos[k]; ok {
		return r.code, r.err
	}
	g, err := s.places.reader.Read(code, label)
	if err == nil && strings.HasPrefix(g, KeptPlace(s.places.reader.Source, "")) {
		s.freshPlaces = append(s.freshPlaces, KeptPlaceLabel{GeoCode: g, Code: strings.Clone(code), Label: strings.Clone(label)})
	}
	if s.memo.geos == nil {
		s.memo.geos = map[[2]string]memoGeo{}
	}
	if len(s.memo.geos) < memoLimit {
		s.memo.geos[[2]string{strings.Clone(code), strings.Clone(label)}] = memoGeo{g, err}
	}
	return g, err
}

func geoReason(raw string, err error) string {
	return fmt.Sprintf("unknown geography %q: %v", raw, err)
}

// seriesText is the text a row's label is read from: the source's label
// for the series, or its code.
func seriesText(r *extract.RawRow) string {
	if r.SeriesName != "" {
		return r.SeriesName
	}
	return r.Series
}

// rowLabel is the row part of a yearbook series ("Ba Đình" of "Ba Đình |
// Diện tích (Km²)"); the whole text when it has no column part.
func rowLabel(s string) string {
	if i := strings.Index(s, " | "); i >= 0 {
		return s[:i]
	}
	return s
}

// stubLeaf is the last level of a row label's hierarchy ("Hà Nội" of "Đồng
// bằng sông Hồng / Hà Nội").
func stubLeaf(label string) string {
	if i := strings.LastIndex(label, " / "); i >= 0 {
		label = label[i+3:]
	}
	return strings.TrimSpace(label)
}

// withoutLeaf removes the row label's last level from a series text: "Đồng
// bằng sông Hồng / Hà Nội | Diện tích" becomes "Đồng bằng sông Hồng |
// Diện tích", "Ba Đình | Diện tích" becomes "Diện tích", "Ha Noi" becomes "".
func withoutLeaf(s string) string {
	row, rest := s, ""
	if i := strings.Index(s, " | "); i >= 0 {
		row, rest = s[:i], s[i+3:]
	}
	parent := ""
	if i := strings.LastIndex(row, " / "); i >= 0 {
		parent = strings.TrimSpace(row[:i])
	}
	switch {
	case parent == "":
		return rest
	case rest == "":
		return parent
	}
	return parent + " | " + rest
}

// rename is a name that passed from one code to another: from 1 July 2025
// "Bắc Ninh" is the merged unit coded 24 (Bắc Giang's code until then), no
// longer 27.
type rename struct {
	code string
	from time.Time
}

// renamesOf finds in the boundary changes the absorbed units whose name
// the new unit took (boundary_changes.name_after), by the absorbed code.
func renamesOf(ref *plan.Reference) map[string]rename {
	m := map[string]rename{}
	if ref == nil {
		return m
	}
	for _, b := range ref.BoundaryChanges {
		if b.Absorbed != "" && b.NameAfter != "" && geoKey(b.NameAfter) == geoKey(b.AbsorbedName) {
			m[b.Absorbed] = rename{b.Geo, b.Date}
		}
	}
	return m
}

// renamed is the code a place read by its name has in period p: a name
// that passed to another code on a boundary change names that code in a
// period ending on or after the change (a period containing the date counts
// as after it, as in boundary_changes). A place read by its code keeps it.
func (s *normaliser) renamed(geo, raw string, p Period) string {
	rn, ok := s.renames[geo]
	if !ok || p.End.Before(rn.from) || !isName(raw) {
		return geo
	}
	return rn.code
}

// isName reports whether a place is written as a name rather than a code
// (GSO's digits, ISO 3166-2:VN, ISO 3166-1 letters).
func isName(raw string) bool {
	t := strings.TrimSpace(raw)
	if _, numeric := numericCode(t); numeric {
		return false
	}
	if strings.HasPrefix(strings.ToUpper(t), "VN-") {
		return false
	}
	return !((len(t) == 2 || len(t) == 3) && isASCIILetters(t))
}

// KeptPlaceLabel is a place kept in its source's scheme with the label the
// source gives it: the warehouse's source_places says that
// scb_BE0101F1nildotsymbols:01 is "Stockholm county".
type KeptPlaceLabel struct {
	GeoCode, Code, Label string
}

// keep adds the kept places a normaliser reports; the first label given
// for a place stays. Called by the emitter only.
func (s *Stream) keep(places []KeptPlaceLabel) {
	for _, p := range places {
		if old, ok := s.kept[p.GeoCode]; !ok || old.Label == "" && p.Label != "" {
			s.kept[p.GeoCode] = p
		}
	}
}

// KeptPlaces returns the places of the payload kept in its source's
// scheme, sorted by geo_code. Call it after Wait.
func (s *Stream) KeptPlaces() []KeptPlaceLabel {
	out := make([]KeptPlaceLabel, 0, len(s.kept))
	for _, p := range s.kept {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GeoCode < out[j].GeoCode })
	return out
}
