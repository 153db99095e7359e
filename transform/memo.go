package transform

// The memos of label parses the normalisers keep per payload.

import ()

// parseMemo remembers the parse of the labels a payload repeats on every
// row: a table has a handful of distinct periods, places and units but up to
// millions of rows, and folding diacritics and matching the period patterns
// was 70% of the normaliser's time on a million-row workbook. The parsers
// are pure functions, so a remembered result is the same result. Each map
// stops growing at memoLimit entries, about 3 MB (a payload with that many distinct
// labels gains nothing from it).
type parseMemo struct {
	series      map[seriesKey]*seriesEntry
	seriesBytes int // what the series memo holds (seriesMemoBytes)
	periods     map[string]memoPeriod
	geos        map[[2]string]memoGeo // by place code and label
	stubs       map[string]string     // row labels that are places (placeStub)
	units       map[[2]string]bool
}

type memoPeriod struct {
	p   Period
	err error
}

type memoGeo struct {
	code string
	err  error
}

const memoLimit = 1 << 15

// seriesMemoBytes bounds each normaliser's series memo by the bytes of its
// entries (seriesEntryBytes each): 12 MB hold the 50,000 series of the CSV
// benchmark (about 190 bytes each with their keys). A bound by count
// (65,536 entries) let long series names cost each normaliser 70 MB on a
// workbook of 300,000 one-row series (BENCHMARKS.md, finding 12).
const seriesMemoBytes = 12 << 20

// seriesEntryBytes is what one memo entry costs beyond its strings: the
// entry, its key and the map's slot.
const seriesEntryBytes = 160

// seriesSetLimit bounds the set of series a normaliser has reported; once
// full it is cleared, and a series seen again is reported again (the loader
// keeps one of each).
const seriesSetLimit = 1 << 14

func (m *parseMemo) period(label string) (Period, error) {
	if r, ok := m.periods[label]; ok {
		return r.p, r.err
	}
	p, err := ParsePeriod(label)
	if m.periods == nil {
		m.periods = map[string]memoPeriod{}
	}
	if len(m.periods) < memoLimit {
		m.periods[label] = memoPeriod{p, err}
	}
	return p, err
}

func (m *parseMemo) sameUnit(a, b string) bool {
	k := [2]string{a, b}
	if r, ok := m.units[k]; ok {
		return r
	}
	r := sameUnit(a, b)
	if m.units == nil {
		m.units = map[[2]string]bool{}
	}
	if len(m.units) < memoLimit {
		m.units[k] = r
	}
	return r
}
