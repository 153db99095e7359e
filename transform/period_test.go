package transform

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestParsePeriod(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	year := func(y int) Period { return Period{Kind: KindYear, Start: d(y, 1, 1), End: d(y, 12, 31)} }
	prel := func(p Period) Period { p.Preliminary = true; return p }
	est := func(p Period) Period { p.Estimated = true; return p }
	q := func(y, n int) Period {
		s := d(y, time.Month(3*n-2), 1)
		return Period{Kind: KindQuarter, Start: s, End: s.AddDate(0, 3, -1)}
	}
	h := func(y, n int) Period {
		if n == 1 {
			return Period{Kind: KindHalf, Start: d(y, 1, 1), End: d(y, 6, 30)}
		}
		return Period{Kind: KindHalf, Start: d(y, 7, 1), End: d(y, 12, 31)}
	}
	mon := func(y int, m time.Month) Period {
		return Period{Kind: KindMonth, Start: d(y, m, 1), End: d(y, m+1, 0)}
	}
	ytd := func(y int, m time.Month) Period {
		return Period{Kind: KindYTD, Start: d(y, 1, 1), End: d(y, m+1, 0)}
	}

	tests := []struct {
		Name    string
		Input   string
		Want    Period
		WantErr bool
	}{
		// Years.
		{Name: "Year", Input: "2023", Want: year(2023)},
		{Name: "YearVI", Input: "Năm 2023", Want: year(2023)},
		{Name: "YearVIDecomposed", Input: norm.NFD.String("Năm 2023"), Want: year(2023)},
		{Name: "YearFloat", Input: "2023.0", Want: year(2023)},
		{Name: "YearSpaces", Input: "  2023 ", Want: year(2023)},
		{Name: "Preliminary", Input: "Sơ bộ 2023", Want: prel(year(2023))},
		{Name: "PreliminaryDecomposed", Input: norm.NFD.String("Sơ bộ 2023"), Want: prel(year(2023))},
		{Name: "PrelDot", Input: "Prel. 2016", Want: prel(year(2016))},
		{Name: "PrelNoSpace", Input: "Prel.2016", Want: prel(year(2016))},
		{Name: "PrelBilingual", Input: "Sơ bộ-Prel. 2002 ", Want: prel(year(2002))},
		{Name: "PreliminaryWord", Input: "Preliminary 2016", Want: prel(year(2016))},
		{Name: "PreliminaryP", Input: "2016 (p)", Want: prel(year(2016))},
		{Name: "Estimated", Input: "Ước tính 2024", Want: est(year(2024))},
		{Name: "EstDot", Input: "Est. 2024", Want: est(year(2024))},
		{Name: "EstimatedWord", Input: "Estimated 2024", Want: est(year(2024))},
		{Name: "EstimatedActual", Input: "Ước thực hiện năm 2024", Want: est(year(2024))},
		{Name: "EstimatedQuarter", Input: "Ước tính Quý III/2024", Want: est(q(2024, 3))},
		{Name: "TwelveMonths", Input: "12 tháng 2023", Want: year(2023)},
		// Phrases of GSO's monthly reports, in either order and in English.
		{Name: "YearThenQuarter", Input: "Năm 2024 Quý II", Want: q(2024, 2)},
		{Name: "YearThenWholeYear", Input: "Năm 2024 Cả năm", Want: year(2024)},
		{Name: "YearThenMonth", Input: "Năm 2024 Tháng 12", Want: mon(2024, 12)},
		{Name: "PrelQuarterEN", Input: "Prel. Q2 2024", Want: prel(q(2024, 2))},
		{Name: "EstYearFirst", Input: "Est. 2024 Q3", Want: est(q(2024, 3))},
		{Name: "StatusAfterPeriod", Input: "Quý III năm 2024 sơ bộ", Want: prel(q(2024, 3))},
		{Name: "NineMonthsEN", Input: "9 months 2024", Want: ytd(2024, 9)},
		{Name: "FirstNineMonthsOfEN", Input: "First 9 months of 2024", Want: ytd(2024, 9)},
		{Name: "SixMonthsEN", Input: "6 months 2024", Want: h(2024, 1)},
		{Name: "YearThenNineMonths", Input: "Năm 2024 9 tháng", Want: ytd(2024, 9)},
		{Name: "OfficialQuarter", Input: "Chính thức quý II năm 2024", Want: q(2024, 2)},
		{Name: "AverageQuarter", Input: "Bình quân quý IV năm 2024", Want: q(2024, 4)},
		{Name: "CumulativeYear", Input: "Cộng dồn cả năm 2024", Want: year(2024)},
		{Name: "EstimatedYearWrapped", Input: "Ước tính\nnăm 2024", Want: est(year(2024))},

		// Quarters.
		{Name: "QuarterRoman", Input: "Quý II/2022", Want: q(2022, 2)},
		{Name: "QuarterRomanIV", Input: "Quý IV/2022", Want: q(2022, 4)},
		{Name: "QuarterArabic", Input: "Quý 2/2022", Want: q(2022, 2)},
		{Name: "QuarterQ", Input: "Q3/2021", Want: q(2021, 3)},
		{Name: "QuarterISO", Input: "2023-Q2", Want: q(2023, 2)},
		{Name: "QuarterCompact", Input: "2023Q4", Want: q(2023, 4)},
		{Name: "QuarterK", Input: "2022K1", Want: q(2022, 1)},
		{Name: "QuarterYearWord", Input: "Quý I năm 2024", Want: q(2024, 1)},

		// Halves.
		{Name: "FirstHalfVI", Input: "6 tháng đầu năm 2023", Want: h(2023, 1)},
		{Name: "SecondHalfVI", Input: "6 tháng cuối năm 2023", Want: h(2023, 2)},
		{Name: "SixT", Input: "6T/2023", Want: h(2023, 1)},
		{Name: "HalfS1", Input: "2023-S1", Want: h(2023, 1)},
		{Name: "HalfS2", Input: "2023S2", Want: h(2023, 2)},
		{Name: "HalfH1", Input: "H1/2023", Want: h(2023, 1)},
		{Name: "HalfH2", Input: "2023-H2", Want: h(2023, 2)},

		// Year to date.
		{Name: "NineMonths", Input: "9 tháng 2023", Want: ytd(2023, 9)},
		{Name: "NineMonthsFirst", Input: "9 tháng đầu năm 2023", Want: ytd(2023, 9)},
		{Name: "NineMonthsPrelim", Input: "Sơ bộ 9 tháng 2023", Want: prel(ytd(2023, 9))},
		{Name: "ElevenMonthsAscii", Input: "11 thang 2023", Want: ytd(2023, 11)},

		// Months.
		{Name: "MonthISO", Input: "2023-06", Want: mon(2023, 6)},
		{Name: "MonthSDMX", Input: "2023M06", Want: mon(2023, 6)},
		{Name: "MonthSDMXShort", Input: "2023M6", Want: mon(2023, 6)},
		{Name: "MonthVI", Input: "Tháng 6/2023", Want: mon(2023, 6)},
		{Name: "MonthT", Input: "T6/2023", Want: mon(2023, 6)},
		{Name: "MonthSlash", Input: "06/2023", Want: mon(2023, 6)},
		{Name: "December", Input: "Tháng 12/2023", Want: mon(2023, 12)},
		{Name: "FebruaryLeap", Input: "2024-02", Want: mon(2024, 2)},
		{Name: "DayECB", Input: "2013-01-18", Want: Period{Kind: KindDay, Start: d(2013, 1, 18), End: d(2013, 1, 18)}},
		{Name: "DayInvalid", Input: "2013-02-30", WantErr: true},
		{Name: "DayVI", Input: "thời điểm 01/12/2024", Want: Period{Kind: KindDay, Start: d(2024, 12, 1), End: d(2024, 12, 1)}},
		{Name: "ActualMonth", Input: "Thực hiện tháng 11 năm 2024", Want: mon(2024, 11)},
		{Name: "Cumulative", Input: "Cộng dồn năm 2012", Want: year(2012)},
		{Name: "WholeYear", Input: "Cộng dồn cả năm 2024", Want: year(2024)},
		{Name: "GSOTypoNamNam", Input: "Thực hiện quý II năm năm 2024", Want: q(2024, 2)},

		// Not periods.
		{Name: "QuarterFive", Input: "Q5/2023", WantErr: true},
		{Name: "MonthThirteen", Input: "2023-13", WantErr: true},
		{Name: "MonthZero", Input: "00/2023", WantErr: true},
		{Name: "ThirteenMonths", Input: "13 tháng 2023", WantErr: true},
		{Name: "Text", Input: "abc", WantErr: true},
		{Name: "Empty", Input: "", WantErr: true},
		{Name: "OnlyPrelim", Input: "Sơ bộ", WantErr: true},
		{Name: "Comparison", Input: "Năm 2012\nso với năm\n2011 (%)", WantErr: true},
		{Name: "YearRange", Input: "2016-2020", WantErr: true},
		{Name: "ShortYear", Input: "23", WantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, err := ParsePeriod(tt.Input)
			if tt.WantErr {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %+v, want error", tt.Input, got)
				}
				if !errors.Is(err, ErrPeriod) {
					t.Errorf("ParsePeriod(%q) error = %v, want one wrapping ErrPeriod", tt.Input, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePeriod(%q): unexpected error %v, want %s", tt.Input, err, fmtPeriod(tt.Want))
			}
			if got != tt.Want {
				t.Errorf("ParsePeriod(%q):\ngot  %s\nwant %s", tt.Input, fmtPeriod(got), fmtPeriod(tt.Want))
			}
		})
	}
}

func fmtPeriod(p Period) string {
	return p.Kind + " " + p.Start.Format(time.DateOnly) + ".." + p.End.Format(time.DateOnly) +
		map[bool]string{true: " prel", false: ""}[p.Preliminary] + map[bool]string{true: " est", false: ""}[p.Estimated]
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{
		"2023", "Năm 2023", "2023.0", "Sơ bộ 2023", "Prel. 2016", "Sơ bộ-Prel. 2002 ", "Ước tính 2024",
		"Quý II/2022", "Q3/2021", "2023-Q2", "2022K1", "6 tháng đầu năm 2023", "6T/2023", "2023-S1",
		"H1/2023", "9 tháng 2023", "2023-06", "2023M06", "Tháng 6/2023", "06/2023", "12 tháng 2023",
		"Q5/2023", "2023-13", "Năm 2012\nso với năm\n2011 (%)", "Preliminary 2016", "Estimated 2024",
		"2013-01-18",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, ErrPeriod) {
				t.Errorf("%q: error %v does not wrap ErrPeriod", s, err)
			}
			return
		}
		switch p.Kind {
		case KindYear, KindHalf, KindQuarter, KindMonth, KindYTD:
		case KindDay:
			// A date is a period of one day (daily series: exchange rates).
			if !p.Start.Equal(p.End) {
				t.Errorf("%q: a day from %s", s, fmtPeriod(p))
			}
			return
		default:
			t.Errorf("%q: unknown kind %q", s, p.Kind)
		}
		if p.End.Before(p.Start) || p.Start.Year() != p.End.Year() || p.Start.Day() != 1 {
			t.Errorf("%q: bad interval %s", s, fmtPeriod(p))
		}
		if next := p.End.AddDate(0, 0, 1); next.Day() != 1 {
			t.Errorf("%q: period does not end on a month's last day: %s", s, fmtPeriod(p))
		}
	})
}

func TestSplitComparison(t *testing.T) {
	tests := []struct{ in, period, base string }{
		{"Năm 2024 so với năm 2023 (%)", "Năm 2024", "so với năm 2023 (%)"},
		{"Quý IV năm 2012 so với: Quý IV năm 2011", "Quý IV năm 2012", "so với: Quý IV năm 2011"},
		{"So với cùng kỳ năm trước (%) Quý III năm 2024", "Quý III năm 2024", "So với cùng kỳ năm trước (%)"},
		{"Sơ bộ 2024", "Sơ bộ 2024", ""},
		{"So với cùng kỳ", "So với cùng kỳ", ""},
	}
	for _, tt := range tests {
		p, b := SplitComparison(tt.in)
		if p != tt.period || b != tt.base {
			t.Errorf("SplitComparison(%q) = %q, %q; want %q, %q", tt.in, p, b, tt.period, tt.base)
		}
	}
}
