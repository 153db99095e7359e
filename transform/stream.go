package transform

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/text/unicode/norm"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// DefaultBatchSize is the number of rows per Arrow record batch: large
// enough for DuckDB's vectorised insert, small enough to bound memory.
const DefaultBatchSize = 16 * 1024

// Config is what the normaliser needs besides the payload.
type Config struct {
	Ref       *plan.Reference  // indicators and the series map
	BatchSize int              // rows per batch; DefaultBatchSize if 0
	Alloc     memory.Allocator // memory.DefaultAllocator if nil
	// DefaultGeo is the geography of rows that name none, from the source
	// definition; the payload's own default (Info.DefaultGeo) wins over it.
	DefaultGeo string
	// GeoScheme is the scheme the source definition declares its places
	// in (the Scheme constants); it wins over the decoder's
	// (Info.GeoScheme). "" detects each place on evidence.
	GeoScheme string
	// RawForRejectedOnly leaves the raw_* cells null on accepted rows. The
	// warehouse keeps raw cells only for rejected rows (rejected_rows), and
	// copying four strings per row into batches nobody reads was a tenth of
	// the normalisers' time on a 5,000,000-row CSV.
	RawForRejectedOnly bool
}

// Stats counts what happened to the rows of one payload.
type Stats struct {
	Read     int64 // value cells the decoder emitted
	Accepted int64 // rows that go to observations (including missing-value rows)
	Rejected int64 // rows that go to rejected_rows
	Missing  int64 // accepted rows whose value is a missing/confidential marker
}

// SeriesInfo describes a series as its source defines it, for the series table.
type SeriesInfo struct {
	ID, Code, Name, Unit, Indicator string
	Dims                            map[string]string
}

// Stream normalises the rows of one payload as the decoder produces them and
// serves them as an array.RecordReader of ObservationSchema batches, in
// payload order. The decoder runs in its own goroutine and hands its rows
// over in blocks of one batch to a few normalising goroutines; memory is
// bounded by a few blocks and batches whatever the size of the payload.
type Stream struct {
	cfg     Config
	payload extract.Payload
	ctx     context.Context
	cancel  context.CancelFunc

	batches   chan batch
	cur       arrow.RecordBatch
	curInfo   extract.Info
	curSeries []*SeriesInfo
	refs      atomic.Int64

	// read-only once Start returns
	indicators map[string]*plan.Indicator
	renames    map[string]rename            // names that passed to another code (renamesOf)
	seriesMap  map[[2]string]plan.SeriesMap // by source ("*" for any) and series code or label

	// owned by the producer (the decoder's goroutine) until done is closed
	info  extract.Info
	block []extract.RawRow // rows not yet handed to a normaliser
	read  int64
	work  chan *job // blocks for the normalisers, in payload order
	// vietnamese says the payload's first block showed it to be a
	// Vietnamese table (vietnameseTable). Written before the first block
	// is sent to a normaliser, read-only after.
	vietnamese bool
	evidence   bool // vietnamese has been decided
	// blocks are emptied blocks of raw rows, for the decoder to reuse
	blocks sync.Pool
	order  chan *job // the same blocks, for the emitter to follow

	// owned by the emitter until done is closed
	stats Stats
	kept  map[string]KeptPlaceLabel // places kept in the source's scheme, by geo_code

	done chan struct{}
	err  error // written by the producer before batches is closed
	eof  bool  // Next has seen batches closed, so err may be read
	once sync.Once
}

// Start decodes p with dec in the background and returns the stream of
// normalised batches. The caller must Release the stream.
func Start(ctx context.Context, dec extract.Decoder, p extract.Payload, cfg Config) *Stream {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Alloc == nil {
		cfg.Alloc = memory.DefaultAllocator
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{
		cfg: cfg, payload: p, ctx: ctx, cancel: cancel,
		batches:    make(chan batch, 1),
		kept:       map[string]KeptPlaceLabel{},
		indicators: map[string]*plan.Indicator{},
		renames:    renamesOf(cfg.Ref),
		seriesMap:  map[[2]string]plan.SeriesMap{},
		done:       make(chan struct{}),
	}
	s.refs.Store(1)
	if cfg.Ref != nil {
		for i := range cfg.Ref.Indicators {
			s.indicators[cfg.Ref.Indicators[i].Code] = &cfg.Ref.Indicators[i]
		}
		for _, m := range cfg.Ref.SeriesMap {
			s.seriesMap[[2]string{m.Source, m.Series}] = m
		}
	}
	go s.produce(dec)
	return s
}

// job is one block of raw rows on its way through a normaliser.
type job struct {
	rows []extract.RawRow
	info extract.Info // what the decoder had said when the block was cut
	done chan result  // the normaliser's answer (buffered: it never waits)
	// discard: the decoder failed after these rows; they are counted (rows
	// read = accepted + rejected holds) but not delivered.
	discard bool
}

// batch is one normalised batch with the description its rows were read
// under, and the series its rows use that were new to the normaliser.
type batch struct {
	rec    arrow.RecordBatch
	info   extract.Info
	series []*SeriesInfo
}

type result struct {
	rec    arrow.RecordBatch
	stats  Stats
	series []*SeriesInfo    // series this normaliser had not seen before
	places []KeptPlaceLabel // kept places this normaliser read afresh
}

// normalisers is how many goroutines parse and validate rows while the
// decoder reads on: the decoder (excelize's XML, the CSV reader) and the
// normaliser were one goroutine, and that goroutine was the critical path of
// a load (BENCHMARKS.md, finding 9).
var normalisers = min(runtime.GOMAXPROCS(0), 4)

// produce runs the decoder, hands its rows over in blocks of one batch to
// the normalisers, and lets the emitter put their batches back in payload
// order. Every row of a payload keeps its place: the duplicate check at
// staging keeps the first of two rows for the same series, place and period.
func (s *Stream) produce(dec extract.Decoder) {
	defer close(s.done)
	s.work = make(chan *job)
	s.order = make(chan *job, normalisers)
	var wg sync.WaitGroup
	for range normalisers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := &normaliser{Stream: s, b: array.NewRecordBuilder(s.cfg.Alloc, ObservationSchema), series: map[string]struct{}{}}
			defer n.b.Release()
			for j := range s.work {
				j.done <- n.run(j)
			}
		}()
	}
	emitted := make(chan struct{})
	go s.emit(emitted)

	err := dec.Decode(s.ctx, s.payload, s)
	if err == nil {
		err = s.dispatch(false)
	} else if s.ctx.Err() == nil {
		s.dispatch(true)
	}
	if err == nil && s.read == 0 {
		err = fmt.Errorf("%s: the payload decoded but held no values: %w", s.payload.URI, ErrNoRows)
	}
	s.err = err // before the emitter can close batches: Err is read after that
	close(s.work)
	close(s.order)
	wg.Wait()
	<-emitted
}

// emit sends the normalisers' batches on in the order their blocks were cut,
// and totals the counts and series; after a cancel it only frees them.
func (s *Stream) emit(emitted chan<- struct{}) {
	defer close(emitted)
	defer close(s.batches)
	for j := range s.order {
		res := <-j.done
		s.stats.Accepted += res.stats.Accepted
		s.stats.Rejected += res.stats.Rejected
		s.stats.Missing += res.stats.Missing
		s.keep(res.places)
		if res.rec == nil {
			continue
		}
		if j.discard {
			res.rec.Release()
			continue
		}
		select {
		case s.batches <- batch{res.rec, j.info, res.series}:
		case <-s.ctx.Done():
			res.rec.Release()
		}
	}
}

// dispatch hands the rows read so far to the normalisers.
func (s *Stream) dispatch(discard bool) error {
	if len(s.block) == 0 {
		return nil
	}
	if !s.evidence {
		s.vietnamese, s.evidence = vietnameseTable(s.block), true
	}
	j := &job{rows: s.block, info: s.info, done: make(chan result, 1), discard: discard}
	s.block = nil
	select {
	case s.order <- j:
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
	select {
	case s.work <- j:
		return nil
	case <-s.ctx.Done():
		j.done <- result{} // the emitter is waiting for it
		return s.ctx.Err()
	}
}

// Describe implements extract.Sink. Rows read before it keep the
// description they were read under.
func (s *Stream) Describe(info extract.Info) {
	if len(s.block) > 0 {
		_ = s.dispatch(false) // a cancel is reported by the next Row
	}
	s.info = info
}

// Row implements extract.Sink: it adds the row to the block the next
// normaliser will parse and validate, as an observation or as a rejection.
func (s *Stream) Row(r extract.RawRow) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	s.read++
	if s.block == nil {
		if b, ok := s.blocks.Get().(*[]extract.RawRow); ok {
			s.block = (*b)[:0]
		} else {
			s.block = make([]extract.RawRow, 0, s.cfg.BatchSize)
		}
	}
	s.block = append(s.block, r)
	if len(s.block) >= s.cfg.BatchSize {
		return s.dispatch(false)
	}
	return nil
}

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
	ind, known, factor, mapGeo := se.ind, se.ind != nil, se.factor, se.mapGeo
	if s.info.KnownSeriesOnly && !known {
		return o, fmt.Sprintf("unknown indicator code %q (see the indicators table for the plan's codes)", code)
	}
	if known {
		o.indicator = ind.Code
	}

	placeText := r.Geo // the place as written, for renamed
	switch geo := strings.TrimSpace(r.Geo); {
	case geo != "":
		code, err := s.readPlace(geo, r.GeoLabel)
		if err != nil {
			return o, geoReason(geo, err)
		}
		o.geo = code
	case s.places.rawDefault != "":
		if s.places.defErr != nil {
			return o, geoReason(s.places.rawDefault, s.places.defErr)
		}
		o.geo, placeText = s.places.defGeo, s.places.rawDefault
	case mapGeo != "": // a national table's total is the whole country's
		code, err := ParseGeo(mapGeo) // declared in series_map.tsv
		if err != nil {
			return o, geoReason(mapGeo, err)
		}
		o.geo = code
	}

	periodLabel := r.Period
	if strings.Contains(strings.ToLower(periodLabel), "so v") { // cheap test before SplitComparison
		var base string
		if periodLabel, base = SplitComparison(r.Period); base != "" {
			// An index against another period is a series of its own.
			o.seriesID += " | " + base
			code += " | " + base
			if r.Unit == "" && strings.Contains(base, "%") {
				r.Unit = "%"
			}
		}
	}
	p, err := s.memo.period(periodLabel)
	if err != nil {
		if strings.TrimSpace(r.Period) == "" {
			return o, "no period: the source gives this value no reference period"
		}
		return o, fmt.Sprintf("unrecognised period %q", r.Period)
	}
	maxYear := s.payload.FetchedAt.Year() + 1
	if s.payload.FetchedAt.IsZero() {
		maxYear = time.Now().Year() + 1
	}
	if y := p.Year(); y < 1900 || y > maxYear {
		return o, fmt.Sprintf("year %d out of range 1900–%d", y, maxYear)
	}
	if known && len(ind.PeriodKinds) > 0 && !slices.Contains(ind.PeriodKinds, p.Kind) {
		return o, fmt.Sprintf("period %q is a %s; %s takes only %s values", strings.TrimSpace(r.Period), p.Kind, ind.Code, strings.Join(ind.PeriodKinds, ", "))
	}
	o.period = p
	if o.geo != "" && len(s.renames) > 0 {
		o.geo = s.renamed(o.geo, placeText, p)
	}

	parse := ParseNumber
	if s.info.DecimalComma {
		parse = ParseNumberVI
	}
	num, err := parse(r.Value)
	if err != nil {
		return o, fmt.Sprintf("value %q is not a number", r.Value)
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
			return o, fmt.Sprintf("value %q scaled by 10^%d is not a finite number", r.Value, r.UnitMult)
		}
		if num.Percent && o.unit == "" {
			o.unit = "%"
		}
	}
	if known {
		if o.unit != "" && !s.memo.sameUnit(o.unit, ind.Unit) {
			scale, ok := convertUnit(o.unit, ind.Unit)
			if !ok {
				return o, fmt.Sprintf("unit %q does not match indicator %s's unit %q", o.unit, ind.Code, ind.Unit)
			}
			o.value *= scale
		}
		o.unit = ind.Unit
		if o.hasValue && (o.value < ind.Min || o.value > ind.Max) {
			return o, fmt.Sprintf("value %g outside the plausible range %g–%g for %s", o.value, ind.Min, ind.Max, ind.Code)
		}
	}
	if o.status == "" {
		switch {
		case p.Preliminary:
			o.status = "preliminary"
		case p.Estimated:
			o.status = "estimated"
		default:
			o.status = statusWord(r.Status)
		}
	}

	if o.seriesID != se.id || !se.registered {
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
	return o, ""
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

func (s *normaliser) append(r extract.RawRow, o normalised, reason string) {
	b := s.b
	str := func(i int, v string) {
		sb := b.Field(i).(*array.StringBuilder)
		if v == "" {
			sb.AppendNull()
		} else {
			sb.Append(v)
		}
	}
	rejected := reason != ""
	if rejected {
		str(ColSeriesID, s.payload.Source+"/"+strings.TrimSpace(r.Series))
		for _, i := range []int{ColIndicator, ColGeo, ColPeriodKind, ColUnit, ColStatus} {
			b.Field(i).AppendNull()
		}
		b.Field(ColPeriodStart).AppendNull()
		b.Field(ColPeriodEnd).AppendNull()
		b.Field(ColValue).AppendNull()
	} else {
		str(ColSeriesID, o.seriesID)
		str(ColIndicator, o.indicator)
		str(ColGeo, o.geo)
		str(ColPeriodKind, o.period.Kind)
		b.Field(ColPeriodStart).(*array.Date32Builder).Append(arrow.Date32FromTime(o.period.Start))
		b.Field(ColPeriodEnd).(*array.Date32Builder).Append(arrow.Date32FromTime(o.period.End))
		if o.hasValue {
			b.Field(ColValue).(*array.Float64Builder).Append(o.value)
		} else {
			b.Field(ColValue).AppendNull()
		}
		str(ColUnit, o.unit)
		str(ColStatus, o.status)
	}
	str(ColSheet, r.Origin.Sheet)
	if r.Origin.Row > 0 {
		b.Field(ColRow).(*array.Int32Builder).Append(int32(r.Origin.Row))
	} else {
		b.Field(ColRow).AppendNull()
	}
	str(ColColumn, r.Origin.Column)
	str(ColLocator, r.Origin.Key)
	if rejected || !s.cfg.RawForRejectedOnly {
		str(ColRawSeries, r.Series)
		str(ColRawGeo, r.Geo)
		str(ColRawPeriod, r.Period)
		str(ColRawValue, r.Value)
	} else {
		for _, i := range []int{ColRawSeries, ColRawGeo, ColRawPeriod, ColRawValue} {
			b.Field(i).AppendNull()
		}
	}
	str(ColRejectReason, reason)
	str(ColCitation, r.Citation)
	s.n++
}

// Schema implements array.RecordReader.
func (s *Stream) Schema() *arrow.Schema { return ObservationSchema }

// Next implements array.RecordReader.
func (s *Stream) Next() bool {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	b, ok := <-s.batches
	if !ok {
		s.eof = true
		return false
	}
	s.cur, s.curInfo, s.curSeries = b.rec, b.info, b.series
	return true
}

// BatchInfo is what the decoder had said about the payload when the rows of
// the current batch were read. Unlike Info it may be read while the decoder
// runs: the loader takes the vintage from the first batch, so that rows can
// go into the warehouse as they arrive.
func (s *Stream) BatchInfo() extract.Info { return s.curInfo }

// RecordBatch implements array.RecordReader.
func (s *Stream) RecordBatch() arrow.RecordBatch { return s.cur }

// Record implements array.RecordReader (the pre-v18.5 name).
//
// Deprecated: use RecordBatch.
func (s *Stream) Record() arrow.RecordBatch { return s.cur }

// Err implements array.RecordReader: after Next returns false it is the
// decoder's error, if any.
func (s *Stream) Err() error {
	if s.eof {
		return s.err
	}
	return nil
}

// Retain implements array.RecordReader.
func (s *Stream) Retain() { s.refs.Add(1) }

// Release implements array.RecordReader. The last release stops the decoder
// and frees every batch not yet consumed.
func (s *Stream) Release() {
	if s.refs.Add(-1) > 0 {
		return
	}
	s.once.Do(func() {
		s.cancel()
		if s.cur != nil {
			s.cur.Release()
			s.cur = nil
		}
		for b := range s.batches {
			b.rec.Release()
		}
		<-s.done
	})
}

// Wait blocks until the decoder has finished and returns its error.
func (s *Stream) Wait() error {
	<-s.done
	return s.err
}

// Stats returns the row counts; complete once Wait has returned.
func (s *Stream) Stats() Stats {
	st := s.stats
	st.Read = s.read
	return st
}

// Info returns what the decoder said about the payload.
func (s *Stream) Info() extract.Info { return s.info }

// BatchSeries are the series the current batch's rows use that its
// normaliser had not reported before; read with the batch, like BatchInfo.
// The stream keeps no list of every series of the payload: a workbook of
// 300,000 one-row series held them several times over (each normaliser's
// set, the stream's, the copy for the loader), some 200 MB of a 790 MB
// peak. The consumer sets them aside as batches pass (load/scan.go). A
// series may be reported more than once (by two normalisers, or after a
// normaliser's bounded set was cleared); the consumer keeps one of each.
func (s *Stream) BatchSeries() []*SeriesInfo { return s.curSeries }

// ErrNoRows is returned when a payload decodes to no values at all.
var ErrNoRows = errors.New("no values found")

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
