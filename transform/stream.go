package transform

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

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
	info      extract.Info
	block     []extract.RawRow // rows not yet handed to a normaliser
	read      int64
	tasks     []TaskProgress // the task sheet's rows (Task)
	taskIndex *TaskIndex     // every plan's tasks, made on the first task row
	work      chan *job      // blocks for the normalisers, in payload order
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
