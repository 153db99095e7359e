package transform

// The normalising rules: what one raw row becomes (series, place, period,
// value, unit, status) or why it is rejected. stream.go runs them on
// several goroutines; record.go appends the result to the Arrow batch.

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"golang.org/x/text/unicode/norm"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// normaliser is the state of one normalising goroutine. It shadows the
// Stream's per-payload state with its own copy, so the goroutines share
// only what is read-only (the reference data, the configuration).
type normaliser struct {
	*Stream
	b      *array.RecordBuilder
	n      int
	info   extract.Info
	memo   parseMemo
	places placeState
	series map[string]struct{} // series reported lately (bounded)
	fresh  []*SeriesInfo
	// freshPlaces are the kept places read afresh in this job.
	freshPlaces []KeptPlaceLabel
}

// run parses and validates one block into one record batch.
func (s *normaliser) run(j *job) result {
	var res result
	if s.ctx.Err() != nil {
		return res
	}
	s.info, s.fresh, s.freshPlaces = j.info, nil, nil
	s.placeReader()
	for _, r := range j.rows {
		o, reason := s.normalise(r)
		s.append(r, o, reason)
		if reason != "" {
			res.stats.Rejected++
		} else {
			res.stats.Accepted++
			if !o.hasValue {
				res.stats.Missing++
			}
		}
	}
	// The block goes back for the decoder to fill again: a new block of a
	// batch of rows for every batch was a gigabyte of garbage on a
	// 5,000,000-row CSV.
	rows := j.rows[:0]
	j.rows = nil
	s.blocks.Put(&rows)
	if s.n > 0 {
		res.rec = s.b.NewRecordBatch()
		// Room for the next batch at once, rather than growing each
		// buffer by doubling and copying.
		s.b.Reserve(s.n)
		s.n = 0
	}
	res.series, res.places = s.fresh, s.freshPlaces
	return res
}

type normalised struct {
	seriesID, indicator, geo, unit, status string
	period                                 Period
	value                                  float64
	hasValue                               bool
}

// statusWord gives a source's flag for preliminary or estimated values
// obs_status's own word: SDMX's OBS_STATUS codes P and E, JSON-stat's and
// PX-Web's p and e, and the words the period parser already knows in
// labels ("Sơ bộ", "Prel.", "Ước tính", prelimRE and estRE). Without this an
// analyst filtering preliminary values had to know every source's spelling.
// Other flags are kept as the source writes them.
func statusWord(flag string) string {
	flag = strings.TrimSpace(flag)
	if flag == "" {
		return ""
	}
	f := strings.ToLower(norm.NFC.String(flag))
	switch {
	case f == "p" || f == "provisional" || fullMatch(prelimRE, f):
		return "preliminary"
	case f == "e" || fullMatch(estRE, f):
		return "estimated"
	}
	return flag
}

// fullMatch reports whether re matches all of s.
func fullMatch(re *regexp.Regexp, s string) bool {
	loc := re.FindStringIndex(s)
	return loc != nil && loc[0] == 0 && loc[1] == len(s)
}

// normalise turns one raw row into a normalised one, or says why it is
// rejected. Each step below fills its part of o in the order the rules
// depend on one another: the series (its indicator decides the checks
// that follow), the place, the period (a comparison base makes a series
// of its own, and renamed places depend on the period), the value with its
// unit and status, and last the series set the loader writes.
func (s *normaliser) normalise(r extract.RawRow) (normalised, string) {
	var o normalised
	if r.Reject != "" {
		return o, r.Reject
	}
	if strings.TrimSpace(r.Geo) == "" {
		r, _ = s.placeStub(r)
	}
	se := s.seriesOf(r)
	code := se.code
	if code == "" {
		return o, "no series code or label"
	}
	o.seriesID = se.id
	ind, known := se.ind, se.ind != nil
	if s.info.KnownSeriesOnly && !known {
		return o, fmt.Sprintf("unknown indicator code %q (see the indicators table for the plan's codes)", code)
	}
	if known {
		o.indicator = ind.Code
	}
	placeText, reason := s.placeOf(&o, r, se.mapGeo)
	if reason != "" {
		return o, reason
	}
	if reason := s.periodOf(&o, &r, &code, ind); reason != "" {
		return o, reason
	}
	if o.geo != "" && len(s.renames) > 0 {
		o.geo = s.renamed(o.geo, placeText, o.period)
	}
	if reason := s.valueOf(&o, r, se.factor, ind); reason != "" {
		return o, reason
	}
	s.register(o, se, code, r)
	return o, ""
}

// placeOf reads the row's place into o.geo: the row's own, else the
// payload's default, else the place the series map declares for a national
// table. It returns the place as written, which renamed needs.
func (s *normaliser) placeOf(o *normalised, r extract.RawRow, mapGeo string) (placeText, reason string) {
	placeText = r.Geo
	switch geo := strings.TrimSpace(r.Geo); {
	case geo != "":
		code, err := s.readPlace(geo, r.GeoLabel)
		if err != nil {
			return "", geoReason(geo, err)
		}
		o.geo = code
	case s.places.rawDefault != "":
		if s.places.defErr != nil {
			return "", geoReason(s.places.rawDefault, s.places.defErr)
		}
		o.geo, placeText = s.places.defGeo, s.places.rawDefault
	case mapGeo != "": // a national table's total is the whole country's
		code, err := ParseGeo(mapGeo) // declared in series_map.tsv
		if err != nil {
			return "", geoReason(mapGeo, err)
		}
		o.geo = code
	}
	return placeText, ""
}

// periodOf reads the row's period into o.period and checks it against the
// payload's date and the indicator's period kinds. An index against
// another period ("so với cùng kỳ") is a series of its own: the base is
// added to the series id and code, and a base in per cent gives the unit.
func (s *normaliser) periodOf(o *normalised, r *extract.RawRow, code *string, ind *plan.Indicator) string {
	periodLabel := r.Period
	if strings.Contains(strings.ToLower(periodLabel), "so v") { // cheap test before SplitComparison
		var base string
		if periodLabel, base = SplitComparison(r.Period); base != "" {
			o.seriesID += " | " + base
			*code += " | " + base
			if r.Unit == "" && strings.Contains(base, "%") {
				r.Unit = "%"
			}
		}
	}
	p, err := s.memo.period(periodLabel)
	if err != nil {
		if strings.TrimSpace(r.Period) == "" {
			return "no period: the source gives this value no reference period"
		}
		return fmt.Sprintf("unrecognised period %q", r.Period)
	}
	maxYear := s.payload.FetchedAt.Year() + 1
	if s.payload.FetchedAt.IsZero() {
		maxYear = time.Now().Year() + 1
	}
	if y := p.Year(); y < 1900 || y > maxYear {
		return fmt.Sprintf("year %d out of range 1900–%d", y, maxYear)
	}
	if ind != nil && len(ind.PeriodKinds) > 0 && !slices.Contains(ind.PeriodKinds, p.Kind) {
		return fmt.Sprintf("period %q is a %s; %s takes only %s values", strings.TrimSpace(r.Period), p.Kind, ind.Code, strings.Join(ind.PeriodKinds, ", "))
	}
	o.period = p
	return ""
}

// valueOf reads the row's value, scales it (series map factor, the
// source's unit multiplier, the indicator's unit), checks it against the
// indicator's plausible range and sets its status. o.period must be set.
func (s *normaliser) valueOf(o *normalised, r extract.RawRow, factor float64, ind *plan.Indicator) string {
	parse := ParseNumber
	if s.info.DecimalComma {
		parse = ParseNumberVI
	}
	num, err := parse(r.Value)
	if err != nil {
		return fmt.Sprintf("value %q is not a number", r.Value)
	}
	o.unit = strings.TrimSpace(r.Unit)
	switch {
	case num.Missing:
		o.status = "missing"
		if num.Marker == "x" || num.Marker == "X" {
			o.status = "confidential"
		}
	default:
		o.hasValue = true
		if num.Preliminary {
			o.status = "preliminary"
		}
		o.value = num.Value * factor
		if r.UnitMult != 0 {
			o.value *= math.Pow10(r.UnitMult)
		}
		if math.IsInf(o.value, 0) || math.IsNaN(o.value) { // 1e308 × 10^3, 0 × 10^400
			return fmt.Sprintf("value %q scaled by 10^%d is not a finite number", r.Value, r.UnitMult)
		}
		if num.Percent && o.unit == "" {
			o.unit = "%"
		}
	}
	if ind != nil {
		if o.unit != "" && !s.memo.sameUnit(o.unit, ind.Unit) {
			scale, ok := convertUnit(o.unit, ind.Unit)
			if !ok {
				return fmt.Sprintf("unit %q does not match indicator %s's unit %q", o.unit, ind.Code, ind.Unit)
			}
			o.value *= scale
		}
		o.unit = ind.Unit
		if o.hasValue && (o.value < ind.Min || o.value > ind.Max) {
			return fmt.Sprintf("value %g outside the plausible range %g–%g for %s", o.value, ind.Min, ind.Max, ind.Code)
		}
	}
	if o.status == "" {
		switch {
		case o.period.Preliminary:
			o.status = "preliminary"
		case o.period.Estimated:
			o.status = "estimated"
		default:
			o.status = statusWord(r.Status)
		}
	}
	return ""
}

// register adds the row's series to the series set the loader writes, once
// per series of the payload (bounded like the memos).
func (s *normaliser) register(o normalised, se *seriesEntry, code string, r extract.RawRow) {
	if o.seriesID == se.id && se.registered {
		return
	}
	if _, ok := s.series[o.seriesID]; !ok {
		si := &SeriesInfo{ID: o.seriesID, Code: code, Name: strings.TrimSpace(r.SeriesName), Unit: o.unit, Indicator: o.indicator, Dims: r.Dims}
		if len(s.series) >= seriesSetLimit {
			// Bounded like the memos: forgetting only means a series
			// may be reported again, and the loader keeps one of each.
			clear(s.series)
		}
		s.series[o.seriesID] = struct{}{}
		s.fresh = append(s.fresh, si)
	}
	se.registered = o.seriesID == se.id
}

// seriesEntry is what a row's series code and label resolve to; the
// normaliser memoises it per code and label, because building the id and
// looking the code up in the series map (four string concatenations and
// map lookups) cost a third of normalising a 5,000,000-row CSV.
type seriesEntry struct {
	id, code   string
	ind        *plan.Indicator // nil: the series feeds no plan indicator
	factor     float64
	mapGeo     string
	registered bool // id is in the normaliser's series set
}

// seriesKey: a series resolves differently when the decoder says only
// the plan's own indicator codes are valid (Info.KnownSeriesOnly). A
// struct of strings rather than one joined string: joining built a string
// for every lookup.
type seriesKey struct {
	series, name string
	knownOnly    bool
}

// seriesOf resolves a row's series. Rows with dimensions are resolved
// afresh: their ids depend on the dimension values too.
func (s *normaliser) seriesOf(r extract.RawRow) *seriesEntry {
	memoise := len(r.Dims) == 0
	k := seriesKey{r.Series, r.SeriesName, s.info.KnownSeriesOnly}
	if memoise {
		if se, ok := s.memo.series[k]; ok {
			return se
		}
	}
	se := &seriesEntry{code: strings.TrimSpace(r.Series), factor: 1}
	if se.code == "" {
		return se
	}
	se.id = s.payload.Source + "/" + se.code + dimsSuffix(r.Dims)
	if s.info.KnownSeriesOnly {
		se.ind = s.indicators[se.code]
	} else if m, ok := s.lookupMap(se.code, r.SeriesName); ok {
		se.ind = s.indicators[m.Indicator]
		se.factor, se.mapGeo = m.Factor, m.Geo
	}
	// Bounded like the other memos: a workbook of a million one-row series
	// would otherwise hold a million entries (29 MB more peak memory at
	// 1,000,000 rows, BENCHMARKS.md finding 11).
	if cost := len(k.series) + len(k.name) + len(se.id) + len(se.code) + seriesEntryBytes; memoise && s.memo.seriesBytes+cost <= seriesMemoBytes {
		if s.memo.series == nil {
			s.memo.series = map[seriesKey]*seriesEntry{}
		}
		// Copies, not the decoder's strings: those may hold its whole record.
		k.series, k.name = strings.Clone(k.series), strings.Clone(k.name)
		s.memo.series[k] = se
		s.memo.seriesBytes += cost
	}
	return se
}

// lookupMap finds the series-map entry for a source series, by code or by
// label, for this source or for any source.
func (s *normaliser) lookupMap(code, name string) (plan.SeriesMap, bool) {
	for _, src := range []string{s.payload.Source, "*"} {
		for _, k := range []string{code, strings.TrimSpace(name)} {
			if k == "" {
				continue
			}
			if m, ok := s.seriesMap[[2]string{src, k}]; ok { // an array key: no string built per lookup
				return m, true
			}
		}
	}
	return plan.SeriesMap{}, false
}

func dimsSuffix(d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + d[k])
	}
	return b.String()
}
