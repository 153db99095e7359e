package transform

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// FuzzStream feeds fuzzed raw rows through the whole normaliser (Start with
// the real plan reference, a fakeDecoder, small batches, a checked
// allocator) and checks what every consumer of a Stream relies on:
//   - no panic, and Wait reports no error for a payload with rows;
//   - Stats.Read = Accepted + Rejected = rows emitted = rows in the batches,
//     and Missing counts the accepted rows without a value;
//   - each output row is its input row, in order (row_no), with its value
//     text kept as read (raw_value);
//   - a rejected row has a reason and no parsed columns;
//   - an accepted row has a series_id of its source, a period kind and
//     period_start <= period_end, a finite value or a missing/confidential
//     status, and, when it feeds a plan indicator, that indicator's unit
//     and a value within its plausible range;
//   - every Arrow buffer is freed after Release.
//
// The series code is one of the plan's indicator codes or the fuzzed
// string; a second row carries the fuzzed string as its code and a series
// map label as its name, so both the plan-code and the series-map paths run.
func FuzzStream(f *testing.F) {
	ref, err := plan.Load()
	if err != nil {
		f.Fatalf("plan.Load: %v", err)
	}
	var codes []string
	for _, ind := range ref.Indicators {
		codes = append(codes, ind.Code)
	}
	var labels []string
	for _, m := range ref.SeriesMap {
		labels = append(labels, m.Series)
	}
	indicators := map[string]plan.Indicator{}
	for _, ind := range ref.Indicators {
		indicators[ind.Code] = ind
	}

	type seed struct {
		pick                                     uint8
		series, geo, period, value, unit, status string
		unitMult                                 int
		knownOnly                                bool
		shape                                    uint8
	}
	codeIndex := func(code string) uint8 { return uint8(slices.Index(codes, code)) }
	for _, s := range []seed{
		{codeIndex("EMPLOYED"), "EMPLOYED", "", "2023", "4.135,2", "nghìn người", "", 0, true, 0},
		{codeIndex("GRDP_CONST"), "R7", "Hà Nội", "Sơ bộ 2024", "1.234.567,8", "triệu đồng", "", 0, true, 1},
		{codeIndex("KPI1_TFP_SHARE"), "KPI1", "01", "Quý II/2023", "30", "%", "", 0, true, 2},
		{codeIndex("KPI4_DIGITAL_ECON_SHARE"), "", "Cả nước", "6 tháng đầu năm 2024", "25,5%", "", "p", 0, false, 3},
		{codeIndex("KPI7A_PUBLICATIONS_RANK"), "x", "TP. Hồ Chí Minh", "Ước tính 2024", "1", "hạng", "", 0, true, 4},
		{codeIndex("PATENT_APPS"), "PATENT_APPS", "HN", "2022-Q2", "..", "đơn", "", 0, false, 5},
		{codeIndex("EMPLOYED"), "EMPLOYED", "Atlantis", "Tháng 6/2022", "x", "người", "", 0, true, 6},
		{codeIndex("GRDP_CONST"), "GRDP_CONST", "VNM", "2099", "-", "Tỷ đồng", "", 0, false, 7},
		{uint8(len(codes)), "NY.GDP.MKTP.KD", "JPN", "2015", "1.5E+3", "", "e", 3, false, 8},
		{uint8(len(codes)), "Q5", "", "Năm 2024 so với năm 2023 (%)", "(1,5)", "", "", -2, false, 9},
		// An absurd UNIT_MULT: 0 × 10^400 was accepted as NaN and
		// 1 × 10^400 as +Inf before the normaliser refused non-finite values.
		{uint8(len(codes)), "S", "", "2020", "1.234,5", "bài", "", 400, false, 10},
		{uint8(len(codes)), "S", "", "1899", "1.234,5", "bài", "", 0, false, 10},
		{uint8(len(codes)), "S", "", "2020", "0", "", "", 400, false, 11},
		{codeIndex("KPI5_INNOVATING_ENT_SHARE"), "  ", " ", " ", " ", " ", " ", -400, true, 12},
	} {
		f.Add(s.pick, s.series, s.geo, s.period, s.value, s.unit, s.status, s.unitMult, s.knownOnly, s.shape)
	}

	f.Fuzz(func(t *testing.T, pick uint8, series, geo, period, value, unit, status string, unitMult int, knownOnly bool, shape uint8) {
		code := series
		if int(pick) < len(codes) {
			code = codes[pick]
		}
		rows := []extract.RawRow{
			{Series: code, Geo: geo, Period: period, Value: value, Unit: unit, UnitMult: unitMult, Status: status},
			{Series: series, SeriesName: labels[int(pick)%len(labels)], Geo: geo, Period: period, Value: value, Unit: unit,
				UnitMult: unitMult, Status: status, Dims: map[string]string{"sex": status}},
		}
		for range int(shape % 4) { // a few more rows, so batches fill and split
			rows = append(rows, rows[0], rows[1])
		}
		batch := 1 + int(shape/4%3)
		info := extract.Info{}
		if knownOnly {
			info = extract.Info{DefaultGeo: "01", KnownSeriesOnly: true}
		}
		const source = "skhcn-report"

		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		dec := &fakeDecoder{info: info, rows: rows, failAt: -1}
		s := Start(context.Background(), dec, extract.NewPayload(source, "fuzz://report.xlsx", []byte("fuzz"), fetched),
			Config{Ref: ref, BatchSize: batch, Alloc: mem})
		got, sizes := drain(t, s)
		if err := s.Err(); err != nil {
			t.Fatalf("Err() = %v", err)
		}
		if err := s.Wait(); err != nil {
			t.Fatalf("Wait() = %v", err)
		}
		s.Release()

		st := s.Stats()
		sum := 0
		for _, n := range sizes {
			if n <= 0 || n > batch {
				t.Fatalf("batch of %d rows with BatchSize %d", n, batch)
			}
			sum += n
		}
		if st.Read != int64(len(rows)) || st.Read != st.Accepted+st.Rejected || int64(sum) != st.Read || len(got) != len(rows) {
			t.Fatalf("Stats %+v, %d rows in batches %v, %d rows out; want Read = Accepted + Rejected = %d",
				st, len(got), sizes, sum, len(rows))
		}

		var accepted, rejected, missing int64
		for i, g := range got {
			in := rows[i]
			if g.RowNo != int32(i+1) || g.RawValue != in.Value {
				t.Fatalf("row %d: row_no %d raw_value %q; want %d %q", i, g.RowNo, g.RawValue, i+1, in.Value)
			}
			if g.Reason != "" {
				rejected++
				if g.Value != nil || g.Kind != "" || g.Start != "" || g.End != "" || g.Indicator != "" ||
					g.Geo != "" || g.Unit != "" || g.Status != "" {
					t.Fatalf("row %d (%+v): rejected (%s) but has parsed columns: %v", i, in, g.Reason, g)
				}
				if !strings.HasPrefix(g.SeriesID, source+"/") {
					t.Fatalf("row %d: rejected row's series_id %q", i, g.SeriesID)
				}
				continue
			}
			accepted++
			if !strings.HasPrefix(g.SeriesID, source+"/") || g.SeriesID == source+"/" {
				t.Fatalf("row %d (%+v): accepted with series_id %q", i, in, g.SeriesID)
			}
			if g.Kind == "" || g.Start == "" || g.End == "" || g.Start > g.End {
				t.Fatalf("row %d (%+v): accepted with period %q %s..%s", i, in, g.Kind, g.Start, g.End)
			}
			if g.Value == nil {
				missing++
				if g.Status != "missing" && g.Status != "confidential" {
					t.Fatalf("row %d (%+v): no value but status %q", i, in, g.Status)
				}
			} else if math.IsNaN(*g.Value) || math.IsInf(*g.Value, 0) {
				t.Fatalf("row %d (%+v): accepted with value %v", i, in, *g.Value)
			}
			if knownOnly && g.Indicator == "" {
				t.Fatalf("row %d (%+v): accepted from an agency report without an indicator", i, in)
			}
			if g.Indicator != "" {
				ind, ok := indicators[g.Indicator]
				switch {
				case !ok:
					t.Fatalf("row %d (%+v): indicator %q is not in the plan", i, in, g.Indicator)
				case g.Unit != ind.Unit:
					t.Fatalf("row %d (%+v): unit %q, want %s's unit %q", i, in, g.Unit, ind.Code, ind.Unit)
				case g.Value != nil && (*g.Value < ind.Min || *g.Value > ind.Max):
					t.Fatalf("row %d (%+v): value %v outside %s's range %v–%v", i, in, *g.Value, ind.Code, ind.Min, ind.Max)
				}
			}
		}
		if st.Accepted != accepted || st.Rejected != rejected || st.Missing != missing {
			t.Fatalf("Stats %+v; the rows say accepted %d rejected %d missing %d", st, accepted, rejected, missing)
		}
	})
}
