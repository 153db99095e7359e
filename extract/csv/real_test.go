package csvsrc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// Tests over tables published by GSO Viet Nam and the Ministry of Finance
// (see shared/fixtures/real/PROVENANCE.md). Every expected value was read
// from the file itself.

func countValue(s *sink, v string) int {
	n := 0
	for _, r := range s.Rows {
		if r.Value == v {
			n++
		}
	}
	return n
}

func one(t *testing.T, s *sink, series, geo, period string) extract.RawRow {
	t.Helper()
	rs := s.find(series, geo, period)
	if len(rs) != 1 {
		t.Fatalf("rows for series %q geo %q period %q: %d, want 1", series, geo, period, len(rs))
	}
	return rs[0]
}

func TestRealGDPBySector(t *testing.T) {
	body := readReal(t, "gso-gdp-constant-2010-by-sector.csv")
	s := mustDecode(t, "gso-gdp-constant-2010-by-sector.csv", body)
	if !strings.HasPrefix(s.Infos[0].Title, "Gross domestic product at constant 2010 prices by economic sector") {
		t.Errorf("title = %q", s.Infos[0].Title)
	}
	// 12 years (2005–2015, Prel. 2016) × 10 measure columns.
	if len(s.Rows) != 120 {
		t.Fatalf("rows = %d, want 120", len(s.Rows))
	}
	r := one(t, s, "Total (Bill. Dongs) Total", "", "2005")
	if r.Value != "1588646.00" || r.Unit != "Bill. Dongs" || r.Origin.Row != 4 || r.Origin.Column != "Total (Bill. Dongs) Total" {
		t.Errorf("GDP 2005 = %+v", r)
	}
	r = one(t, s, "Total (Bill. Dongs) Agriculture, forestry and fishing", "", "Prel. 2016")
	if r.Value != "468813.00" || r.Origin.Row != 15 {
		t.Errorf("agriculture Prel. 2016 = %+v", r)
	}
	r = one(t, s, "Index (Previous year = 100) (%) Industry and construction", "", "2015")
	if r.Value != "109.64" || r.Unit != "%" {
		t.Errorf("industry index 2015 = %+v", r)
	}
	if n := countValue(s, ".."); n != 11 {
		t.Errorf(`".." cells = %d, want 11`, n)
	}
}

func TestRealInvestment(t *testing.T) {
	body := readReal(t, "gso-investment-constant-2010.csv")
	s := mustDecode(t, "gso-investment-constant-2010.csv", body)
	if len(s.Rows) != 30 { // 6 items × 5 years
		t.Fatalf("rows = %d, want 30", len(s.Rows))
	}
	if got := s.Infos[0].Title; got != "Investment at constant 2010 prices by investment items chia theo Items và Year" {
		t.Errorf("title = %q", got)
	}
	var periods []string
	for _, r := range s.find("TOTAL", "", "") {
		periods = append(periods, r.Period)
	}
	if got := strings.Join(periods, ","); got != "2010,2013,2014,2015,Prel. 2016" {
		t.Errorf("periods = %s (not contiguous in the source, and kept so)", got)
	}
	if r := one(t, s, "TOTAL", "", "Prel. 2016"); r.Value != "1145009" {
		t.Errorf("TOTAL Prel. 2016 = %+v", r)
	}
	if r := one(t, s, "Others", "", "2013"); r.Value != "13954" || r.Origin.Row != 9 {
		t.Errorf("Others 2013 = %+v", r)
	}
}

func TestRealEmployedByActivity(t *testing.T) {
	body := readReal(t, "gso-employed-by-activity.csv")
	s := mustDecode(t, "gso-employed-by-activity.csv", body)
	// 22 activities × (11 totals + 11 structure shares). As stored, every
	// data row has exactly as many cells as the header (23); the ragged
	// case is exercised by TestDecodeLayouts.
	if len(s.Rows) != 484 {
		t.Fatalf("rows = %d, want 484", len(s.Rows))
	}
	for _, r := range s.Rows {
		if strings.HasPrefix(r.Origin.Column, "col") || r.Period == "" {
			t.Fatalf("unexpected unnamed cell %+v", r)
		}
	}
	r := one(t, s, "Total (Thous. pers.) Agriculture, forestry and fishing", "", "2005")
	if r.Value != "23563.20" || r.Unit != "Thous. pers." || r.SeriesName != r.Series {
		t.Errorf("agriculture 2005 = %+v", r)
	}
	r = one(t, s, "Structure (%) Manufacturing", "", "Prel. 2016")
	if r.Value != "16.60" || r.Unit != "%" || r.Origin.Column != "Structure (%) Prel. 2016" {
		t.Errorf("manufacturing share Prel. 2016 = %+v", r)
	}
	// A label with the delimiter inside quotes stays one label.
	r = one(t, s, "Total (Thous. pers.) Wholesale and retail trade; repair of motor vehicles and motorcycles", "", "2015")
	if r.Value != "6709.80" {
		t.Errorf("trade 2015 = %+v", r)
	}
}

func TestRealLabourForceByProvince(t *testing.T) {
	body := readReal(t, "gso-labour-force-by-province.csv")
	s := mustDecode(t, "gso-labour-force-by-province.csv", body)
	if len(s.Rows) != 71*11 {
		t.Fatalf("rows = %d, want 781 (71 places × 11 years)", len(s.Rows))
	}
	title := s.Infos[0].Title
	if !strings.HasPrefix(title, "Labour force at 15 years of age and above by province") {
		t.Errorf("title = %q", title)
	}
	// Hà Nội, without diacritics as GSO wrote it; the series doubles in 2008
	// when Hà Tây merged into Hà Nội.
	if r := one(t, s, "", "Ha Noi", "2007"); r.Value != "1653.7" || r.Series != title {
		t.Errorf("Ha Noi 2007 = %+v", r)
	}
	if r := one(t, s, "", "Ha Noi", "2008"); r.Value != "3421.2" || r.Origin.Row != 6 || r.Origin.Column != "2008" {
		t.Errorf("Ha Noi 2008 = %+v", r)
	}
	if r := one(t, s, "", "Ha Noi", "Prel. 2016"); r.Value != "3822.5" {
		t.Errorf("Ha Noi Prel. 2016 = %+v", r)
	}
	if r := one(t, s, "", " WHOLE COUNTRY", "2005"); r.Value != "44904.5" {
		t.Errorf("whole country (label kept with its leading space) = %+v", r)
	}
	if rs := s.find("", "Ha Tay", ""); len(rs) != 11 || countValue(&sink{extracttest.Sink{Rows: rs}}, "..") != 9 {
		t.Errorf("Ha Tay: %d rows", len(rs))
	}
	if rs := s.find("", "Thai  Nguyen", "2015"); len(rs) != 1 || rs[0].Value != "725.5" {
		t.Errorf("Thai  Nguyen (double space kept) = %+v", rs)
	}
}

func TestRealNationalAccounts(t *testing.T) {
	body := readReal(t, "gso-national-accounts-key-indicators.csv")
	s := mustDecode(t, "gso-national-accounts-key-indicators.csv", body)
	if len(s.Rows) != 16*8 {
		t.Fatalf("rows = %d, want 128", len(s.Rows))
	}
	units := map[string]string{
		"Gross domestic product at current prices (Bill. Dongs)":                                                   "Bill. Dongs",
		"Per capita gross domestic product at current prices in Vietnam currency (Thous. Dongs)":                   "Thous. Dongs",
		"Per capita gross domestic product at current prices in foreign currency (at average exchange rate) (USD)": "USD",
		"Gross national income at current prices- Bill. dongs":                                                     "Bill. dongs",
		"Growth rate of GDP at constant 2010 prices(Previous year = 100) (%)":                                      "%",
	}
	for series, unit := range units {
		r := one(t, s, series, "", "Prel.2016")
		if r.Unit != unit {
			t.Errorf("%s: unit %q, want %q", series, r.Unit, unit)
		}
	}
	if r := one(t, s, "Per capita gross domestic product at current prices in foreign currency (at average exchange rate) (USD)", "", "Prel.2016"); r.Value != "2215.00" {
		t.Errorf("GDP per capita USD Prel.2016 = %+v", r)
	}
	if r := one(t, s, "Gross domestic product at current prices (Bill. Dongs)", "", "2009"); r.Value != "1809149.00" || r.Origin.Row != 4 {
		t.Errorf("GDP 2009 = %+v", r)
	}
}

func TestRealStateBudget(t *testing.T) {
	body := readReal(t, "vn_mof_state_budget_balance.csv")
	s := mustDecode(t, "vn_mof_state_budget_balance.csv", body)
	if len(s.Rows) != 46*19 {
		t.Fatalf("rows = %d, want 874 (46 items × 19 years)", len(s.Rows))
	}
	r := one(t, s, "agg_tax_cor", "", "2006")
	// The trailing character is a no-break space (C2 A0), kept for transform.
	if r.Value != "99796\u00a0" || r.SeriesName != "Corporate income tax" || r.Origin.Row != 2 || r.Origin.Column != "2006" {
		t.Errorf("corporate income tax 2006 = %+v", r)
	}
	if r.Dims["Classification"] != "REV" || r.Dims["item_VN"] != "thue thu nhap doanh nghiep" {
		t.Errorf("dims = %v", r.Dims)
	}
	if r := one(t, s, "exp_soc_edu", "", "2001"); r.Value != "15432" || r.Dims["item_VN"] != "chi giáo dục đào tạo" {
		t.Errorf("education 2001 = %+v", r)
	}
	if r := one(t, s, "exp_sal", "", "2014"); r.Value != "NA" {
		t.Errorf("salary reform 2014 = %+v", r)
	}
	if n := countValue(s, ""); n != 97 {
		t.Errorf("empty cells = %d, want 97", n)
	}
	nbsp := 0
	for _, r := range s.Rows {
		if strings.HasSuffix(r.Value, "\u00a0") {
			nbsp++
		}
	}
	if nbsp != 33 {
		t.Errorf("values ending in a no-break space = %d, want 33", nbsp)
	}
	// The last line has no line break after it.
	if r := one(t, s, "rgdp_cons", "", "2018"); r.Value != "3493399" || r.Origin.Row != 47 {
		t.Errorf("real GDP 2018 = %+v", r)
	}
}

// Only the CSV tables may be claimed: SDMX-CSV, PX, JSON and workbooks
// have decoders of their own, and "csv" is tried before most of them.
func TestRealSniffClaimsOnlyCSV(t *testing.T) {
	mine := map[string]bool{
		"gso-gdp-constant-2010-by-sector.csv": true, "gso-investment-constant-2010.csv": true,
		"gso-employed-by-activity.csv": true, "gso-labour-force-by-province.csv": true,
		"gso-national-accounts-key-indicators.csv": true, "vn_mof_state_budget_balance.csv": true,
		"expected/jsonstat-eurostat-gdp-italy.table.csv": true,
	}
	var files []string
	err := filepath.WalkDir(realDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return err
	})
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("shared/fixtures/real not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Skip("shared/fixtures/real looks incomplete")
	}
	for _, path := range files {
		rel, _ := filepath.Rel(realDir, path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := (Decoder{}).Sniff(extract.Head(b)); got != mine[filepath.ToSlash(rel)] {
			t.Errorf("Sniff(%s) = %v, want %v", rel, got, mine[filepath.ToSlash(rel)])
		}
		if mine[filepath.ToSlash(rel)] {
			d, err := extract.Detect(extract.NewPayload("t", rel, b, time.Now()))
			if err != nil || d.Name() != "csv" {
				t.Errorf("Detect(%s) = %v, %v", rel, d, err)
			}
		}
	}
}
