package transform

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// fakeDecoder emits rows as a decoder would. If failAt >= 0 it returns err
// instead of emitting row failAt.
type fakeDecoder struct {
	info   extract.Info
	rows   []extract.RawRow
	failAt int
	err    error
}

func (d *fakeDecoder) Name() string      { return "fake" }
func (d *fakeDecoder) Sniff([]byte) bool { return false }
func (d *fakeDecoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	out.Describe(d.info)
	for i, r := range d.rows {
		if i == d.failAt {
			return d.err
		}
		if r.Origin.Row == 0 {
			r.Origin.Row = i + 1
		}
		if err := out.Row(r); err != nil {
			return err
		}
	}
	return nil
}

var _ extract.Decoder = (*fakeDecoder)(nil)

// obsRow is one row of an ObservationSchema batch; "" stands for null.
type obsRow struct {
	SeriesID, Indicator, Geo, Kind, Start, End string
	Value                                      *float64
	Unit, Status, RawValue, Reason             string
	RowNo                                      int32
}

func (r obsRow) String() string {
	v := "null"
	if r.Value != nil {
		v = fmt.Sprint(*r.Value)
	}
	return fmt.Sprintf("{series=%q ind=%q geo=%q %s %s..%s value=%s unit=%q status=%q raw=%q reason=%q}",
		r.SeriesID, r.Indicator, r.Geo, r.Kind, r.Start, r.End, v, r.Unit, r.Status, r.RawValue, r.Reason)
}

// drain reads a stream to its end through the array.RecordReader interface,
// copying every row out before the batch is released.
func drain(t *testing.T, rr array.RecordReader) (rows []obsRow, batchSizes []int) {
	t.Helper()
	if !rr.Schema().Equal(ObservationSchema) {
		t.Fatalf("schema = %v, want ObservationSchema", rr.Schema())
	}
	for rr.Next() {
		rec := rr.RecordBatch()
		if !rec.Schema().Equal(ObservationSchema) {
			t.Fatalf("batch schema = %v", rec.Schema())
		}
		batchSizes = append(batchSizes, int(rec.NumRows()))
		str := func(col, i int) string {
			a := rec.Column(col).(*array.String)
			if a.IsNull(i) {
				return ""
			}
			return a.Value(i)
		}
		day := func(col, i int) string {
			a := rec.Column(col).(*array.Date32)
			if a.IsNull(i) {
				return ""
			}
			return a.Value(i).ToTime().Format(time.DateOnly)
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			r := obsRow{
				SeriesID: str(ColSeriesID, i), Indicator: str(ColIndicator, i), Geo: str(ColGeo, i),
				Kind: str(ColPeriodKind, i), Start: day(ColPeriodStart, i), End: day(ColPeriodEnd, i),
				Unit: str(ColUnit, i), Status: str(ColStatus, i), RawValue: str(ColRawValue, i),
				Reason: str(ColRejectReason, i),
			}
			if v := rec.Column(ColValue).(*array.Float64); v.IsValid(i) {
				x := v.Value(i)
				r.Value = &x
			}
			if n := rec.Column(ColRow).(*array.Int32); n.IsValid(i) {
				r.RowNo = n.Value(i)
			}
			rows = append(rows, r)
		}
	}
	return rows, batchSizes
}

func testRef(t *testing.T) *plan.Reference {
	t.Helper()
	ref, err := plan.Load()
	if err != nil {
		t.Fatalf("plan.Load: %v", err)
	}
	return ref
}

var fetched = time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)

func testPayload() extract.Payload {
	return extract.NewPayload("skhcn-report", "testdata/report.xlsx", []byte("fake"), fetched)
}

func f64(v float64) *float64 { return &v }

func TestStream(t *testing.T) {
	ref := testRef(t)
	// want is what a row must become: Reason is a substring of the
	// reject_reason for rejected rows; the other fields are compared only
	// for accepted rows.
	type want struct {
		Reason    string
		Indicator string
		Geo       string
		Kind      string
		Start     string
		End       string
		Value     *float64 // nil: null
		Unit      string
		Status    string
	}
	year := func(y int) (string, string) { return fmt.Sprintf("%d-01-01", y), fmt.Sprintf("%d-12-31", y) }
	y2023s, y2023e := year(2023)
	y2024s, y2024e := year(2024)
	y2019s, y2019e := year(2019)
	y2020s, y2020e := year(2020)

	tests := []struct {
		Name string
		Info extract.Info
		Rows []extract.RawRow
		Want []want
	}{{
		Name: "AgencyTemplate",
		// As the agency template's decoder describes it: Hà Nội by
		// default, places in GSO's names, so "Atlantis" is a typing error.
		Info: extract.Info{DefaultGeo: "01", GeoScheme: extract.SchemeGSO, KnownSeriesOnly: true},
		Rows: []extract.RawRow{
			{Series: "EMPLOYED", Period: "2023", Value: "4.135,2", Unit: "nghìn người"},
			{Series: "KPI9_NO_SUCH", Period: "2023", Value: "12"},
			{Series: "EMPLOYED", Period: "2022", Value: "khoảng 4 triệu", Unit: "nghìn người"},
			{Series: "EMPLOYED", Period: "Q5/2023", Value: "4.000", Unit: "nghìn người"},
			{Series: "EMPLOYED", Period: "2099", Value: "4.000", Unit: "nghìn người"},
			{Series: "EMPLOYED", Period: "2018", Value: "250000", Unit: "nghìn người"},
			{Series: "EMPLOYED", Period: "2017", Value: "5", Unit: "tỷ đồng"},
			{Series: "GRDP_CONST", Period: "2023", Value: "1.234.567,8", Unit: "triệu đồng"},
			{Series: "EMPLOYED", Period: "2020", Value: "4 135 200", Unit: "người"},
			{Series: "EMPLOYED", Period: "Năm 2023", Value: "4.135,2", Unit: "nghìn người"},
			{Series: "EMPLOYED", Period: "2019", Value: "..", Unit: "nghìn người"},
			{Series: "GRDP_CONST", Period: "2019", Value: "x", Unit: "tỷ đồng"},
			{Series: "GRDP_CONST", Period: "Sơ bộ 2024", Value: "500.123,4", Unit: "Tỷ đồng"},
			{Series: "EMPLOYED", Period: "Ước tính 2024", Value: "4.200", Unit: "nghìn người"},
			{Series: "EMPLOYED", Geo: "Atlantis", Period: "2016", Value: "1"},
			{Series: "  ", Period: "2016", Value: "1"},
			{Series: "KPI4_DIGITAL_ECON_SHARE", Period: "2023", Value: "25,5%"},
			{Series: "KPI4_DIGITAL_ECON_SHARE", Geo: "Cả nước", Period: "2023", Value: "(1,5)", Unit: "%"},
			{Series: "KPI1_TFP_SHARE", Period: "Quý II/2023", Value: "30", Unit: "%"},
		},
		Want: []want{
			{Indicator: "EMPLOYED", Geo: "01", Kind: KindYear, Start: y2023s, End: y2023e, Value: f64(4135.2), Unit: "nghìn người"},
			{Reason: `unknown indicator code "KPI9_NO_SUCH"`},
			{Reason: `value "khoảng 4 triệu" is not a number`},
			{Reason: `unrecognised period "Q5/2023"`},
			{Reason: "year 2099 out of range 1900–2025"},
			{Reason: "outside the plausible range"},
			{Reason: `unit "tỷ đồng" does not match indicator EMPLOYED's unit "nghìn người"`},
			{Indicator: "GRDP_CONST", Geo: "01", Kind: KindYear, Start: y2023s, End: y2023e, Value: f64(1234.5678), Unit: "tỷ đồng"},
			{Indicator: "EMPLOYED", Geo: "01", Kind: KindYear, Start: y2020s, End: y2020e, Value: f64(4135.2), Unit: "nghìn người"},
			// A repeated series, place and period is accepted here and
			// rejected when staged, over the whole payload (load's dedupe).
			{Indicator: "EMPLOYED", Geo: "01", Kind: KindYear, Start: y2023s, End: y2023e, Value: f64(4135.2), Unit: "nghìn người"},
			{Indicator: "EMPLOYED", Geo: "01", Kind: KindYear, Start: y2019s, End: y2019e, Unit: "nghìn người", Status: "missing"},
			{Indicator: "GRDP_CONST", Geo: "01", Kind: KindYear, Start: y2019s, End: y2019e, Unit: "tỷ đồng", Status: "confidential"},
			{Indicator: "GRDP_CONST", Geo: "01", Kind: KindYear, Start: y2024s, End: y2024e, Value: f64(500123.4), Unit: "tỷ đồng", Status: "preliminary"},
			{Indicator: "EMPLOYED", Geo: "01", Kind: KindYear, Start: y2024s, End: y2024e, Value: f64(4.2), Unit: "nghìn người", Status: "estimated"},
			{Reason: `unknown geography "Atlantis"`},
			{Reason: "no series code"},
			{Indicator: "KPI4_DIGITAL_ECON_SHARE", Geo: "01", Kind: KindYear, Start: y2023s, End: y2023e, Value: f64(25.5), Unit: "%"},
			{Reason: "outside the plausible range"},
			{Reason: "KPI1_TFP_SHARE takes only year"},
		},
	}, {
		Name: "SeriesMap",
		// GSO's scheme declared: HN is Hà Nội here, Honduras undeclared
		// (TestStreamPlaces).
		Info: extract.Info{GeoScheme: extract.SchemeGSO},
		Rows: []extract.RawRow{
			{Series: "R7", SeriesName: "Tổng sản phẩm trên địa bàn theo giá so sánh 2010", Geo: "Hà Nội", Period: "2022", Value: "1.020.000", Unit: "Tỷ đồng"},
			{Series: "R8", SeriesName: "Số doanh nghiệp", Geo: "Hà Nội", Period: "2022", Value: "1.234", Unit: "doanh nghiệp"},
			{Series: "R9", Geo: "Ha Noi", Period: "Quý II/2022", Value: "1,5", UnitMult: 3},
			{Series: "R9", Geo: "HN", Period: "2022-Q2", Value: "2"},
			{Series: "R9", Geo: "TP. Hồ Chí Minh", Period: "2022-Q2", Value: "2"},
			{Series: "R9", Geo: "Hà Nội", Period: "Tháng 6/2022", Value: "-"},
			{Series: "R10", Geo: "JPN", Period: "2022", Value: "3"},
			// SDMX: an ISO 3166-2 place, NaN for missing, a delete instruction.
			{Series: "R9", Geo: "VN-HN", Period: "2022-Q3", Value: "NaN"},
			{Series: "R9", Geo: "VN-HN", Period: "2022-Q4", Value: "3", Reject: "SDMX ACTION=D (delete) is not a value"},
		},
		Want: []want{
			{Indicator: "GRDP_CONST", Geo: "01", Kind: KindYear, Start: "2022-01-01", End: "2022-12-31", Value: f64(1020000), Unit: "tỷ đồng"},
			{Geo: "01", Kind: KindYear, Start: "2022-01-01", End: "2022-12-31", Value: f64(1.234), Unit: "doanh nghiệp"},
			{Geo: "01", Kind: KindQuarter, Start: "2022-04-01", End: "2022-06-30", Value: f64(1500)},
			{Geo: "01", Kind: KindQuarter, Start: "2022-04-01", End: "2022-06-30", Value: f64(2)},
			{Geo: "79", Kind: KindQuarter, Start: "2022-04-01", End: "2022-06-30", Value: f64(2)},
			{Geo: "01", Kind: KindMonth, Start: "2022-06-01", End: "2022-06-30", Status: "missing"},
			{Geo: "JPN", Kind: KindYear, Start: "2022-01-01", End: "2022-12-31", Value: f64(3)},
			{Geo: "01", Kind: KindQuarter, Start: "2022-07-01", End: "2022-09-30", Status: "missing"},
			{Reason: "SDMX ACTION=D (delete) is not a value"},
		},
	}}

	for _, tt := range tests {
		for _, batch := range []int{0, 1, 2, 5} {
			t.Run(fmt.Sprintf("%s/Batch%d", tt.Name, batch), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				dec := &fakeDecoder{info: tt.Info, rows: tt.Rows, failAt: -1}
				s := Start(context.Background(), dec, testPayload(), Config{Ref: ref, BatchSize: batch, Alloc: mem})
				var rr array.RecordReader = s
				got, sizes := drain(t, rr)
				if err := rr.Err(); err != nil {
					t.Fatalf("Err() = %v", err)
				}
				if err := s.Wait(); err != nil {
					t.Fatalf("Wait() = %v", err)
				}
				rr.Release()

				if len(got) != len(tt.Want) {
					t.Fatalf("got %d rows, want %d:\n%v", len(got), len(tt.Want), got)
				}
				var accepted, rejected, missing int64
				for i, w := range tt.Want {
					g := got[i]
					in := tt.Rows[i]
					if g.RowNo != int32(i+1) || g.RawValue != in.Value {
						t.Errorf("row %d: row_no %d raw_value %q, want %d %q", i, g.RowNo, g.RawValue, i+1, in.Value)
					}
					if w.Reason != "" {
						rejected++
						if !strings.Contains(g.Reason, w.Reason) {
							t.Errorf("row %d (%+v):\ngot  reject_reason %q\nwant one containing %q", i, in, g.Reason, w.Reason)
						}
						if g.Value != nil || g.Kind != "" || g.Indicator != "" || g.Status != "" {
							t.Errorf("row %d: rejected row has parsed columns: %v", i, g)
						}
						continue
					}
					accepted++
					if w.Value == nil {
						missing++
					}
					if g.Reason != "" {
						t.Errorf("row %d (%+v): rejected with %q, want accepted", i, in, g.Reason)
						continue
					}
					if want := "skhcn-report/" + strings.TrimSpace(in.Series); g.SeriesID != want {
						t.Errorf("row %d: series_id %q, want %q", i, g.SeriesID, want)
					}
					ok := g.Indicator == w.Indicator && g.Geo == w.Geo && g.Kind == w.Kind && g.Start == w.Start &&
						g.End == w.End && g.Unit == w.Unit && g.Status == w.Status && (g.Value == nil) == (w.Value == nil) &&
						(w.Value == nil || math.Abs(*g.Value-*w.Value) <= 1e-9*math.Max(1, math.Abs(*w.Value)))
					if !ok {
						wv := obsRow{Indicator: w.Indicator, Geo: w.Geo, Kind: w.Kind, Start: w.Start, End: w.End, Value: w.Value, Unit: w.Unit, Status: w.Status}
						g.SeriesID, g.RawValue = "", ""
						t.Errorf("row %d (%+v):\ngot  %v\nwant %v", i, in, g, wv)
					}
				}

				st := s.Stats()
				if st.Read != int64(len(tt.Rows)) || st.Read != st.Accepted+st.Rejected {
					t.Errorf("Stats = %+v: want Read %d = Accepted + Rejected", st, len(tt.Rows))
				}
				if st.Accepted != accepted || st.Rejected != rejected || st.Missing != missing {
					t.Errorf("Stats = %+v, want Accepted %d Rejected %d Missing %d", st, accepted, rejected, missing)
				}

				bs := batch
				if bs == 0 {
					bs = DefaultBatchSize
				}
				var wantSizes []int
				for n := len(tt.Rows); n > 0; n -= bs {
					wantSizes = append(wantSizes, min(n, bs))
				}
				if fmt.Sprint(sizes) != fmt.Sprint(wantSizes) {
					t.Errorf("batch sizes %v, want %v", sizes, wantSizes)
				}
			})
		}
	}
}

func fiveRows() []extract.RawRow {
	rows := make([]extract.RawRow, 5)
	for i := range rows {
		rows[i] = extract.RawRow{Series: "EMPLOYED", Geo: "01", Period: fmt.Sprint(2016 + i), Value: fmt.Sprint(4000 + i), Unit: "nghìn người"}
	}
	return rows
}

func TestStreamBatches(t *testing.T) {
	ref := testRef(t)
	for _, tt := range []struct {
		batch int
		want  []int
	}{{1, []int{1, 1, 1, 1, 1}}, {2, []int{2, 2, 1}}, {4, []int{4, 1}}, {5, []int{5}}, {6, []int{5}}} {
		t.Run(fmt.Sprint(tt.batch), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			s := Start(context.Background(), &fakeDecoder{rows: fiveRows(), failAt: -1}, testPayload(), Config{Ref: ref, BatchSize: tt.batch, Alloc: mem})
			rows, sizes := drain(t, s)
			s.Release()
			if fmt.Sprint(sizes) != fmt.Sprint(tt.want) {
				t.Errorf("BatchSize %d: batch sizes %v, want %v", tt.batch, sizes, tt.want)
			}
			for i, r := range rows {
				if r.Reason != "" || r.Value == nil || *r.Value != float64(4000+i) || r.Start != fmt.Sprintf("%d-01-01", 2016+i) {
					t.Errorf("row %d = %v", i, r)
				}
			}
			if err := s.Wait(); err != nil {
				t.Errorf("Wait() = %v", err)
			}
		})
	}
}

func TestStreamDecoderError(t *testing.T) {
	ref := testRef(t)
	boom := errors.New("boom: not a zip file")
	for _, batch := range []int{2, 5} {
		t.Run(fmt.Sprint(batch), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dec := &fakeDecoder{rows: fiveRows(), failAt: 3, err: boom}
			s := Start(context.Background(), dec, testPayload(), Config{Ref: ref, BatchSize: batch, Alloc: mem})
			var rr array.RecordReader = s
			if err := rr.Err(); err != nil {
				t.Errorf("Err() before the end = %v, want nil", err)
			}
			rows, _ := drain(t, rr)
			if err := rr.Err(); !errors.Is(err, boom) {
				t.Errorf("Err() after Next returned false = %v, want %v", err, boom)
			}
			if err := s.Wait(); !errors.Is(err, boom) {
				t.Errorf("Wait() = %v, want %v", err, boom)
			}
			if rr.Next() {
				t.Errorf("Next() = true after the end")
			}
			rr.Release()
			// Full batches before the error may have been delivered; never
			// more rows than were read.
			if want := 3 / batch * batch; len(rows) != want {
				t.Errorf("got %d rows before the error, want %d", len(rows), want)
			}
			if st := s.Stats(); st.Read != 3 || st.Read != st.Accepted+st.Rejected {
				t.Errorf("Stats = %+v, want Read 3 = Accepted + Rejected", st)
			}
		})
	}
}

func TestStreamNoRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := Start(context.Background(), &fakeDecoder{failAt: -1}, testPayload(), Config{Ref: testRef(t), Alloc: mem})
	rows, _ := drain(t, s)
	if len(rows) != 0 {
		t.Errorf("got %d rows from an empty payload", len(rows))
	}
	if err := s.Err(); !errors.Is(err, ErrNoRows) {
		t.Errorf("Err() = %v, want ErrNoRows", err)
	}
	s.Release()
}

// TestStreamEarlyRelease releases a stream whose decoder is still blocked on
// full batches: the decoder must stop and every batch must be freed.
func TestStreamEarlyRelease(t *testing.T) {
	ref := testRef(t)
	for _, consume := range []int{0, 1, 3} {
		t.Run(fmt.Sprint(consume), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			rows := make([]extract.RawRow, 50)
			for i := range rows {
				rows[i] = extract.RawRow{Series: "S", Period: fmt.Sprint(1950 + i), Value: "1"}
			}
			s := Start(context.Background(), &fakeDecoder{rows: rows, failAt: -1}, testPayload(), Config{Ref: ref, BatchSize: 2, Alloc: mem})
			s.Retain()
			for i := 0; i < consume && s.Next(); i++ {
				if mem.CurrentAlloc() == 0 {
					t.Fatalf("batches are not allocated from Config.Alloc")
				}
				if s.RecordBatch().NumRows() != 2 {
					t.Errorf("batch %d has %d rows", i, s.RecordBatch().NumRows())
				}
			}
			s.Release() // still retained once: nothing happens
			s.Release()
			if err := s.Wait(); !errors.Is(err, context.Canceled) {
				t.Errorf("Wait() after an early Release = %v, want context.Canceled", err)
			}
		})
	}
}

func TestStreamCancel(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := Start(ctx, &fakeDecoder{rows: fiveRows(), failAt: -1}, testPayload(), Config{Ref: testRef(t), Alloc: mem})
	drain(t, s)
	if err := s.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err() = %v, want context.Canceled", err)
	}
	s.Release()
}

// Source flags that mean preliminary or estimated get obs_status's own
// words, whatever the source's spelling; other flags are kept as written.
func TestStatusWord(t *testing.T) {
	for flag, want := range map[string]string{
		"P": "preliminary", "p": "preliminary", " Sơ bộ ": "preliminary", "Prel.": "preliminary",
		"E": "estimated", "e": "estimated", "Ước tính": "estimated",
		"A": "A", "B": "B", "": "", "break in series": "break in series",
	} {
		if got := statusWord(flag); got != want {
			t.Errorf("statusWord(%q) = %q, want %q", flag, got, want)
		}
	}
}

// A payload that says it writes Vietnamese notation (Info.DecimalComma) has
// its ambiguous "1.234" read as 1234; without that it is 1.234.
func TestStreamDecimalComma(t *testing.T) {
	ref := testRef(t)
	for _, vi := range []bool{false, true} {
		dec := &fakeDecoder{info: extract.Info{DefaultGeo: "01", DecimalComma: vi}, failAt: -1,
			rows: []extract.RawRow{{Series: "GRDP_CONST", Period: "2023", Value: "1.234", Unit: "tỷ đồng"}}}
		s := Start(context.Background(), dec, testPayload(), Config{Ref: ref})
		rows, _ := drain(t, s)
		s.Release()
		want := 1.234
		if vi {
			want = 1234
		}
		if len(rows) != 1 || rows[0].Value == nil || *rows[0].Value != want {
			t.Errorf("DecimalComma %v: rows %v, want value %v", vi, rows, want)
		}
	}
}

// TestStreamRawForRejectedOnly: with the loader's setting, accepted rows
// carry no raw cells and rejected rows keep all four, as read.
func TestStreamRawForRejectedOnly(t *testing.T) {
	ref := testRef(t)
	dec := &fakeDecoder{info: extract.Info{DefaultGeo: "01"}, failAt: -1, rows: []extract.RawRow{
		{Series: "GRDP_CONST", Period: "2023", Value: "12,5", Unit: "tỷ đồng"},
		{Series: "GRDP_CONST", Period: "năm ngoái", Value: "13", Unit: "tỷ đồng"},
	}}
	for _, only := range []bool{false, true} {
		s := Start(context.Background(), dec, testPayload(), Config{Ref: ref, RawForRejectedOnly: only})
		var raw []string
		for s.Next() {
			rec := s.RecordBatch()
			for i := 0; i < int(rec.NumRows()); i++ {
				var cells []string
				for _, c := range []int{ColRawSeries, ColRawGeo, ColRawPeriod, ColRawValue} {
					col := rec.Column(c).(*array.String)
					if col.IsNull(i) {
						cells = append(cells, "null")
					} else {
						cells = append(cells, col.Value(i))
					}
				}
				raw = append(raw, strings.Join(cells, "|"))
			}
		}
		s.Release()
		want := []string{"GRDP_CONST|null|2023|12,5", "GRDP_CONST|null|năm ngoái|13"}
		if only {
			want[0] = "null|null|null|null"
		}
		if fmt.Sprint(raw) != fmt.Sprint(want) {
			t.Errorf("RawForRejectedOnly=%v: raw cells %q, want %q", only, raw, want)
		}
	}
}

// TestBatchSeries: the series of a payload come with the batches that first
// use them, every one at least once, and the stream keeps no list of them;
// with more series than a normaliser's set holds, each is still reported.
func TestBatchSeries(t *testing.T) {
	ref := testRef(t)
	const n = seriesSetLimit + 5000
	rows := make([]extract.RawRow, 0, 2*n)
	for i := range n {
		code := fmt.Sprintf("S%06d", i)
		rows = append(rows, extract.RawRow{Series: code, SeriesName: "name " + code, Geo: "Hà Nội", Period: "2023", Value: "1"},
			extract.RawRow{Series: code, SeriesName: "name " + code, Geo: "Hà Nội", Period: "2024", Value: "2"})
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := Start(context.Background(), &fakeDecoder{rows: rows, failAt: -1}, testPayload(), Config{Ref: ref, BatchSize: 4096, Alloc: mem})
	defer s.Release()
	seen := map[string]int{}
	for s.Next() {
		for _, si := range s.BatchSeries() {
			seen[si.ID]++
			if si.Name != "name "+si.Code {
				t.Fatalf("series %s named %q", si.ID, si.Name)
			}
		}
	}
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Errorf("%d series reported, want %d", len(seen), n)
	}
}
