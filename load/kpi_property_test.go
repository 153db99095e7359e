package load_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
)

// TestKPIStatusProperty fills the warehouse with random series (negative,
// zero, extreme, gaps, one year, every year) and checks that kpi_status
// never fails, that every status is one of the five, that no number is
// NaN or infinite, and that the status and expected_2025 agree: on_track
// only when the projection meets the target, off_track never when it does
// (before 2025). Each random report has its own vintage, so one warehouse
// holds every draw and kpi_status_as_of(vintage) reads one draw at a time.
func TestKPIStatusProperty(t *testing.T) {
	const draws = 25
	rng := rand.New(rand.NewPCG(185, 2021))
	w := mustOpenWarehouse(t, "")
	type series struct {
		code, unit, geo string
		min, max        float64
	}
	all := []series{
		{"KPI1_TFP_SHARE", "%", "", -500, 500},
		{"KPI2_LABOUR_PROD_GROWTH", "%", "", -50, 100},
		{"KPI3_HITECH_AGRI_SHARE", "%", "", 0, 100},
		{"KPI4_DIGITAL_ECON_SHARE", "%", "", 0, 100},
		{"KPI5_INNOVATING_ENT_SHARE", "%", "", 0, 100},
		{"KPI6_OCOP_IP_SHARE", "%", "", 0, 100},
		{"KPI7A_PUBLICATIONS_RANK", "hạng", "", 1, 63},
		{"GRDP_CONST", "tỷ đồng", "", 1, 2e6},
		{"EMPLOYED", "nghìn người", "", 1, 1e4},
		{"CAPITAL_STOCK", "tỷ đồng", "", 1, 1e7},
		{"GFCF_CONST", "tỷ đồng", "", 1, 1e6},
		{"PATENT_APPS", "đơn", "Hà Nội", 0, 1e4},
		{"PATENT_APPS", "đơn", "TP. Hồ Chí Minh", 0, 1e4},
	}
	draw := func(s series) float64 {
		switch rng.IntN(8) {
		case 0:
			return none
		case 1:
			return s.min
		case 2:
			return s.max
		case 3:
			return math.Max(s.min, 0)
		case 4:
			return math.Max(s.min, -1)
		default:
			return s.min + rng.Float64()*(s.max-s.min)
		}
	}
	vintages := make([]time.Time, draws)
	for i := range draws {
		var rows []excel.ReportRow
		for _, s := range all {
			if rng.IntN(4) == 0 {
				continue // the series is absent from this draw
			}
			vals := make([]float64, len(kpiYears))
			for y := range vals {
				vals[y] = draw(s)
			}
			if rng.IntN(5) == 0 { // a single year
				for y := range vals {
					if y != 3 {
						vals[y] = none
					}
				}
			}
			rows = append(rows, row(s.code, s.unit, s.geo, vals...))
		}
		vintages[i] = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		if len(rows) > 0 {
			loadReport(t, w, "draw", vintages[i], kpiYears, rows...)
		}
	}
	statuses := map[string]bool{"achieved": true, "on_track": true, "at_risk": true, "off_track": true, "no_data": true}
	seen := map[string]int{}
	for i, v := range vintages {
		rows, err := w.DB().Query(`SELECT kpi_code, year, status, actual, expected_2025, anticipated_progress, progress_ratio,
			required_avg, csi, gap,
			target_met(expected_2025, comparator, direction, target_low, target_high)
			FROM kpi_status_as_of(?)`, v)
		if err != nil {
			t.Fatalf("draw %d: kpi_status: %v", i, err)
		}
		for rows.Next() {
			var code, status string
			var year int
			var nums [7]*float64
			var met *bool
			if err := rows.Scan(&code, &year, &status, &nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6], &met); err != nil {
				t.Fatalf("draw %d: %v", i, err)
			}
			seen[status]++
			if !statuses[status] {
				t.Errorf("draw %d %s %d: status %q", i, code, year, status)
			}
			for j, n := range nums {
				if n != nil && (math.IsNaN(*n) || math.IsInf(*n, 0)) {
					t.Errorf("draw %d %s %d: column %d is %v", i, code, year, j, *n)
				}
			}
			meets := met != nil && *met
			if status == "on_track" && !meets || status == "off_track" && meets && year < 2025 {
				t.Errorf("draw %d %s %d: status %s but expected_2025 %v meets the target: %v", i, code, year, status, nums[1], meets)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("draw %d: %v", i, err)
		}
		rows.Close()
	}
	// The draws reach every status, so the checks above were exercised.
	for s := range statuses {
		if seen[s] == 0 {
			t.Errorf("no %s status in %d draws: the random series do not exercise it", s, draws)
		}
	}
	t.Logf("statuses over %d draws: %v", draws, seen)
}
