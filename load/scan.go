package load

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform"
)

// scan is the reader DuckDB's Arrow scan pulls a payload from: the
// normalised stream, with two differences.
//
//   - A stream that fails ends quietly here. Its error is the stream's to
//     report (Wait); if DuckDB saw it, the INSERT would fail, and a failed
//     statement aborts the whole run's transaction, where a bad file should
//     fail only its own payload.
//   - Every batch that holds rejected rows is also written to a spill file
//     (Arrow IPC), because DuckDB makes one pass over the stream and one
//     INSERT feeds one table: the accepted rows go to observations, and the
//     rejected ones are read back from the spill into rejected_rows. Memory
//     stays flat however many rows a file gets rejected.
//   - DuckDB gets only the columns insert_observations.sql uses
//     (insertSchema), with the origin text built here: DuckDB converts and
//     inserts on one thread, and that thread was the slower half of a load.
type scan struct {
	stream *transform.Stream
	dir    string // where the spill file goes; "" for the system's temp dir
	peeked bool   // the stream's current batch was read by peek and not yet handed on
	buf    []byte // scratch for one origin
	// waited is how long DuckDB's scan waited for the decoder and
	// normalisers: against the statement's time it says which side a slow
	// load is bound by (logged at debug level).
	waited time.Duration
	cur    arrow.RecordBatch
	// rejects holds the batches with rejected rows; series, the payload's
	// series as the batches report them (transform.Stream.BatchSeries).
	rejects, series spill
	err             error // writing a spill failed
	refs            atomic.Int64
	// rows counts the payload's rows handed to DuckDB so far; onRows, when
	// set, is told after each batch (the progress bar's row count).
	rows   int64
	onRows func(rows int64)
}

// insertColumns are the columns of the canonical schema that
// insert_observations.sql reads, in insertSchema's order; insertSchema adds
// origin before reject_reason.
var insertColumns = []int{
	transform.ColSeriesID, transform.ColIndicator, transform.ColGeo, transform.ColPeriodKind,
	transform.ColPeriodStart, transform.ColPeriodEnd, transform.ColValue, transform.ColUnit,
	transform.ColStatus, transform.ColCitation,
}

var insertSchema = func() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(insertColumns)+2)
	for _, c := range insertColumns {
		fields = append(fields, transform.ObservationSchema.Field(c))
	}
	fields = append(fields, arrow.Field{Name: "origin", Type: arrow.BinaryTypes.String},
		transform.ObservationSchema.Field(transform.ColRejectReason))
	return arrow.NewSchema(fields, nil)
}()

// seriesSchema is a payload's series as the loader sets them aside for
// sql/load/merge_series.sql: the columns of the series table the payload
// gives, dims as JSON text.
var seriesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "series_id", Type: arrow.BinaryTypes.String},
	{Name: "source_code", Type: arrow.BinaryTypes.String},
	{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "unit", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "dims", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "indicator_code", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

func newScan(s *transform.Stream, dir string) *scan {
	sc := &scan{stream: s, dir: dir,
		rejects: spill{dir: dir, what: "rejected rows", schema: transform.ObservationSchema},
		series:  spill{dir: dir, what: "series", schema: seriesSchema}}
	sc.refs.Store(1)
	return sc
}

// peek reads the first batch ahead, so that the description its rows were
// read under (the vintage) is known before the INSERT starts.
func (sc *scan) peek() bool {
	sc.peeked = sc.stream.Next()
	return sc.peeked
}

func (sc *scan) Schema() *arrow.Schema { return insertSchema }

func (sc *scan) Next() bool {
	if sc.cur != nil {
		sc.cur.Release()
		sc.cur = nil
	}
	if sc.peeked {
		sc.peeked = false
	} else {
		start := time.Now()
		ok := sc.stream.Next()
		sc.waited += time.Since(start)
		if !ok {
			return false
		}
	}
	rec := sc.stream.RecordBatch()
	sc.rows += rec.NumRows()
	if sc.onRows != nil {
		sc.onRows(sc.rows)
	}
	if sc.err == nil && rec.Column(transform.ColRejectReason).NullN() < int(rec.NumRows()) {
		sc.err = sc.rejects.write(rec)
	}
	if fresh := sc.stream.BatchSeries(); sc.err == nil && len(fresh) > 0 {
		sc.err = sc.keepSeries(fresh)
	}
	cols := make([]arrow.Array, 0, len(insertColumns)+2)
	for _, c := range insertColumns {
		cols = append(cols, rec.Column(c))
	}
	origin := sc.origins(rec)
	cols = append(cols, origin, rec.Column(transform.ColRejectReason))
	sc.cur = array.NewRecordBatch(insertSchema, cols, rec.NumRows())
	origin.Release()
	return true
}

// origins builds observations.origin, where in the payload each value was
// ("[Số liệu] E7", "row 12 column Giá trị", "key 0:1:3"), with
// extract.Origin's own rendering. It is built here rather than in SQL:
// DuckDB's string concatenation took 1.5 s of its one loading thread on
// 5,000,000 rows.
func (sc *scan) origins(rec arrow.RecordBatch) arrow.Array {
	sheet := rec.Column(transform.ColSheet).(*array.String)
	row := rec.Column(transform.ColRow).(*array.Int32)
	col := rec.Column(transform.ColColumn).(*array.String)
	loc := rec.Column(transform.ColLocator).(*array.String)
	n := int(rec.NumRows())
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(n)
	b.ReserveData(n * 16)
	for i := 0; i < n; i++ {
		o := extract.Origin{Sheet: sheet.Value(i), Column: col.Value(i), Key: loc.Value(i)}
		if row.IsValid(i) {
			o.Row = int(row.Value(i))
		}
		sc.buf = o.AppendPlace(sc.buf[:0])
		b.BinaryBuilder.Append(sc.buf)
	}
	return b.NewArray()
}

// keepSeries sets a batch's new series aside.
func (sc *scan) keepSeries(fresh []*transform.SeriesInfo) error {
	b := array.NewRecordBuilder(memory.DefaultAllocator, seriesSchema)
	defer b.Release()
	str := func(i int, v string, nullable bool) {
		sb := b.Field(i).(*array.StringBuilder)
		if v == "" && nullable {
			sb.AppendNull()
		} else {
			sb.Append(v)
		}
	}
	for _, si := range fresh {
		str(0, si.ID, false)
		str(1, si.Code, false)
		str(2, si.Name, true)
		str(3, si.Unit, true)
		dims := ""
		if d, ok := jsonText(si.Dims).(string); ok {
			dims = d
		}
		str(4, dims, true)
		str(5, si.Indicator, true)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	return sc.series.write(rec)
}

func (sc *scan) RecordBatch() arrow.RecordBatch { return sc.cur }

// Record is the pre-v18.5 name of RecordBatch.
//
// Deprecated: use RecordBatch.
func (sc *scan) Record() arrow.RecordBatch { return sc.cur }

// Err is always nil: see the type's comment. The stream's error comes from
// its Wait, the spill's from rejected.
func (sc *scan) Err() error { return nil }

func (sc *scan) Retain()  { sc.refs.Add(1) }
func (sc *scan) Release() { sc.refs.Add(-1) } // the stream is its owner's to release

// rejected returns a reader over the batches with rejected rows, nil if no
// row was rejected. The caller closes the scan when done with it.
func (sc *scan) rejected() (array.RecordReader, error) {
	if sc.err != nil {
		return nil, sc.err
	}
	return sc.rejects.reader()
}

// seriesRead returns a reader over the payload's series, nil if it has none.
func (sc *scan) seriesRead() (array.RecordReader, error) {
	if sc.err != nil {
		return nil, sc.err
	}
	return sc.series.reader()
}

// close releases the current batch and closes the spill files.
func (sc *scan) close() error {
	if sc.cur != nil {
		sc.cur.Release()
		sc.cur = nil
	}
	return errors.Join(sc.rejects.close(), sc.series.close())
}
