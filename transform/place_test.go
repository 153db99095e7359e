package transform

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"

	"github.com/hanoi-sti/chitieu/vntext"
)

func TestPlaceReader(t *testing.T) {
	detect := PlaceReader{Source: "src"}
	vn := PlaceReader{Source: "src", Vietnamese: true}
	hanoi := PlaceReader{Source: "src", Parent: "01", Vietnamese: true}
	tests := []struct {
		name        string
		r           PlaceReader
		code, label string
		want        string
		wantErr     bool
	}{
		// Detect: a bare code is nobody's until evidence says whose.
		{name: "SwedishCounty", r: detect, code: "01", label: "Stockholm county", want: "src:01"},
		{name: "BareCodeUndeclared", r: detect, code: "01", want: "src:01"},
		{name: "NorwegianMunicipality", r: detect, code: "0301", label: "Oslo", want: "src:0301"},
		{name: "GSOCodeWithItsName", r: detect, code: "01", label: "Hà Nội", want: "01"},
		{name: "LabelWinsOverCode", r: detect, code: "HN01", label: "Thành phố Hà Nội", want: "01"},
		{name: "GSOCodeInVietnameseTable", r: vn, code: "79", want: "79"},
		{name: "ForeignLabelInVietnameseTable", r: vn, code: "01", label: "Stockholm county", want: "src:01"},
		{name: "EnglishName", r: detect, code: "Ha Noi", want: "01"},
		{name: "NSODoubleSpace", r: detect, code: "Thai  Nguyen", want: "19"},
		{name: "ISO31662", r: detect, code: "VN-HN", want: "01"},
		{name: "ISO3", r: detect, code: "JPN", want: "JPN"},
		{name: "ISO3VietNam", r: detect, code: "VNM", want: vntext.GeoCountry},
		{name: "ISO2Honduras", r: detect, code: "HN", want: "HN"}, // not Hà Nội
		{name: "AbbrevMixedCase", r: detect, code: "TP.HCM", want: "79"},
		{name: "WorldBankAggregate", r: detect, code: "1W", want: "src:1W"},
		{name: "UnknownName", r: detect, code: "Atlantis", want: "src:Atlantis"},
		// Names other countries use too need a Vietnamese table.
		{name: "FinnishWholeCountry", r: detect, code: "SSS", label: "WHOLE COUNTRY", want: "SSS"},
		{name: "WholeCountryAlone", r: detect, code: " WHOLE COUNTRY", want: "src:WHOLE COUNTRY"},
		{name: "IrishSouthEast", r: detect, code: "South East", want: "src:South East"},
		{name: "NSOWholeCountry", r: vn, code: " WHOLE COUNTRY", want: vntext.GeoCountry},
		{name: "NSOSouthEast", r: vn, code: "South East", want: "R5"},
		{name: "NSOCentralHighlands", r: vn, code: "Central Highlands", want: "R4"},
		{name: "VietnameseRegion", r: detect, code: "Đồng bằng sông Hồng", want: "R1"},
		{name: "CaNuoc", r: detect, code: "Cả nước", want: vntext.GeoCountry},
		// Districts, under their province.
		{name: "District", r: hanoi, code: "Ba Đình", want: "01.001"},
		{name: "DistrictWithKind", r: hanoi, code: "Quận Ba Đình", want: "01.001"},
		{name: "DistrictTown", r: hanoi, code: "Thị xã Sơn Tây", want: "01.269"},
		{name: "DistrictAscii", r: hanoi, code: "Ung Hoa", want: "01.281"},
		{name: "DistrictNoParent", r: vn, code: "Ba Đình", want: "src:Ba Đình"},
		{name: "ProvinceUnderParent", r: hanoi, code: "Hà Nội", want: "01"},
		// Declared schemes.
		{name: "GSOCode", r: PlaceReader{Scheme: extract.SchemeGSO}, code: "01", want: "01"},
		{name: "GSOAbbrev", r: PlaceReader{Scheme: extract.SchemeGSO}, code: "HN", want: "01"},
		{name: "GSOWholeCountry", r: PlaceReader{Scheme: extract.SchemeGSO}, code: "WHOLE COUNTRY", want: vntext.GeoCountry},
		{name: "GSOTypo", r: PlaceReader{Scheme: extract.SchemeGSO}, code: "Atlantis", wantErr: true},
		{name: "ISOHonduras", r: PlaceReader{Scheme: extract.SchemeISO}, code: "HN", want: "HN"},
		{name: "ISOSubdivision", r: PlaceReader{Scheme: extract.SchemeISO}, code: "VN-SG", want: "79"},
		{name: "ISONumber", r: PlaceReader{Scheme: extract.SchemeISO}, code: "01", wantErr: true},
		{name: "SourceKeepsAll", r: PlaceReader{Scheme: extract.SchemeSource, Source: "mine"}, code: "Hà Nội", want: "mine:Hà Nội"},
		{name: "Empty", r: detect, code: " ", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.Read(tt.code, tt.label)
			if tt.wantErr {
				if err == nil || !errors.Is(err, ErrGeo) {
					t.Fatalf("Read(%q, %q) = %q, %v; want an error wrapping ErrGeo", tt.code, tt.label, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Read(%q, %q) = %q, %v; want %q", tt.code, tt.label, got, err, tt.want)
			}
		})
	}
}

// TestDistricts checks the district list: codes unique under their
// province, and no district name that is also a province's (it would be
// read as the province).
func TestDistricts(t *testing.T) {
	if len(Districts) != 30 {
		t.Errorf("%d districts of Hà Nội, want 30", len(Districts))
	}
	seen := map[string]string{}
	for _, d := range Districts {
		if other, dup := seen[d.GeoCode()]; dup {
			t.Errorf("%s is both %s and %s", d.GeoCode(), other, d.Name)
		}
		seen[d.GeoCode()] = d.Name
		if _, err := ParseGeo(d.Name); err == nil {
			t.Errorf("district %s has a province's name", d.Name)
		}
	}
	if seen["01.001"] != "Ba Đình" {
		t.Errorf("01.001 is %q, want Ba Đình", seen["01.001"])
	}
}

func TestStrongPlace(t *testing.T) {
	for _, tt := range []struct {
		code, label string
		want        bool
	}{
		{"01", "Hà Nội", true},
		{"Ha Noi", "", true},
		{"VN-HN", "", true},
		{"01", "Stockholm county", false},
		{"01", "", false},
		{" WHOLE COUNTRY", "", false},
		{"South East", "", false},
		{"VNM", "", false},
	} {
		if got := StrongPlace(tt.code, tt.label); got != tt.want {
			t.Errorf("StrongPlace(%q, %q) = %v, want %v", tt.code, tt.label, got, tt.want)
		}
	}
}

// TestStreamPlaces runs the normaliser over small payloads: a yearbook
// table whose rows are NSO's provinces (their places come out of the series
// label, the whole country and the South East included, since the table is
// shown to be Vietnamese), a Hà Nội district table, and a Finnish table
// whose WHOLE COUNTRY and regions are kept, not guessed.
func TestStreamPlaces(t *testing.T) {
	ref := testRef(t)
	nsoTable := map[string]string{"table": "Employed persons by province"}
	tests := []struct {
		name string
		info extract.Info
		cfg  Config
		rows []extract.RawRow
		want [][2]string // series id, geo
	}{{
		name: "NSOProvinceStub",
		rows: []extract.RawRow{
			{Series: " WHOLE COUNTRY", Dims: nsoTable, Period: "2024", Value: "51860.3"},
			{Series: "Red River Delta", Dims: nsoTable, Period: "2024", Value: "12000"},
			{Series: "Ha Noi", Dims: nsoTable, Period: "2024", Value: "4000.5"},
			{Series: "Thai  Nguyen", Dims: nsoTable, Period: "2024", Value: "800"},
			{Series: "South East", Dims: nsoTable, Period: "2024", Value: "9000"},
			{Series: "Ho Chi Minh city", Dims: nsoTable, Period: "2024", Value: "4700"},
		},
		want: [][2]string{
			{"src/Employed persons by province", "VN"}, {"src/Employed persons by province", "R1"},
			{"src/Employed persons by province", "01"}, {"src/Employed persons by province", "19"},
			{"src/Employed persons by province", "R5"}, {"src/Employed persons by province", "79"},
		},
	}, {
		name: "HanoiDistricts",
		cfg:  Config{DefaultGeo: "01"},
		rows: []extract.RawRow{
			{Series: "Ba Đình | Diện tích (Km²)", Dims: map[string]string{"table": "02.03"}, Period: "2024", Value: "9.2"},
			{Series: "Huyện Ba Vì | Diện tích (Km²)", Dims: map[string]string{"table": "02.03"}, Period: "2024", Value: "424"},
			{Series: "Toàn thành phố | Diện tích (Km²)", Dims: map[string]string{"table": "02.03"}, Period: "2024", Value: "3359.8"},
		},
		want: [][2]string{
			{"src/Diện tích (Km²)?table=02.03", "01.001"}, {"src/Diện tích (Km²)?table=02.03", "01.271"},
			{"src/Toàn thành phố | Diện tích (Km²)?table=02.03", "01"},
		},
	}, {
		name: "FinnishRegions",
		rows: []extract.RawRow{
			{Series: "pop", Geo: "SSS", GeoLabel: "WHOLE COUNTRY", Period: "2024", Value: "5600000"},
			{Series: "pop", Geo: "MK01", GeoLabel: "Uusimaa", Period: "2024", Value: "1700000"},
			{Series: "pop", Geo: "01", GeoLabel: "Helsinki", Period: "2024", Value: "660000"},
		},
		want: [][2]string{{"src/pop", "SSS"}, {"src/pop", "src:MK01"}, {"src/pop", "src:01"}},
	}, {
		name: "ForeignStubWholeCountry",
		rows: []extract.RawRow{
			{Series: "WHOLE COUNTRY", Dims: nsoTable, Period: "2024", Value: "1"},
			{Series: "Uusimaa", Dims: nsoTable, Period: "2024", Value: "2"},
		},
		want: [][2]string{{"src/WHOLE COUNTRY?table=Employed persons by province", ""}, {"src/Uusimaa?table=Employed persons by province", ""}},
	}, {
		// From 1 July 2025 "Bắc Ninh" is the merged unit coded 24; a
		// period containing the date counts as after it. Codes stay.
		name: "Renamed2025",
		rows: []extract.RawRow{
			{Series: "x", Geo: "Bắc Ninh", Period: "2024", Value: "1"},
			{Series: "x", Geo: "Bắc Ninh", Period: "2025", Value: "2"},
			{Series: "x", Geo: "Bắc Ninh", Period: "6 tháng đầu năm 2025", Value: "3"},
			{Series: "x", Geo: "Bac Giang", Period: "2023", Value: "4"},
			{Series: "x", Geo: "27", GeoLabel: "Bắc Ninh", Period: "2025", Value: "5"},
			{Series: "x", Geo: "Hà Nội", Period: "2025", Value: "6"},
			{Series: "x", Geo: "Lao Cai", Period: "2025", Value: "7"},
		},
		want: [][2]string{{"src/x", "27"}, {"src/x", "24"}, {"src/x", "27"}, {"src/x", "24"}, {"src/x", "27"}, {"src/x", "01"}, {"src/x", "15"}},
	}, {
		// A source about Japan: its default place says nothing of whose
		// codes its rows use.
		name: "ForeignDefault",
		cfg:  Config{DefaultGeo: "JPN"},
		rows: []extract.RawRow{{Series: "x", Geo: "01", Period: "2024", Value: "1"}, {Series: "x", Period: "2024", Value: "2"}},
		want: [][2]string{{"src/x", "src:01"}, {"src/x", "JPN"}},
	}, {
		name: "DeclaredSourceScheme",
		cfg:  Config{GeoScheme: extract.SchemeSource},
		rows: []extract.RawRow{{Series: "x", Geo: "Hà Nội", Period: "2024", Value: "1"}},
		want: [][2]string{{"src/x", "src:Hà Nội"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Ref = ref
			p := extract.NewPayload("src", "testdata/t.xlsx", []byte("fake"), fetched)
			s := Start(context.Background(), &fakeDecoder{info: tt.info, rows: tt.rows, failAt: -1}, p, cfg)
			got, _ := drain(t, s)
			if err := s.Wait(); err != nil {
				t.Fatal(err)
			}
			s.Release()
			if len(got) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				if got[i].Reason != "" || got[i].SeriesID != w[0] || got[i].Geo != w[1] {
					t.Errorf("row %d (%+v): series %q geo %q reason %q, want %q on %q", i, tt.rows[i], got[i].SeriesID, got[i].Geo, got[i].Reason, w[0], w[1])
				}
			}
		})
	}
}

// TestKnownPlaces: every known place reads back to its own code in GSO's
// scheme (districts under their province), and the region names are the
// ones the reader matches.
func TestKnownPlaces(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range KnownPlaces() {
		if seen[p.Code] {
			t.Errorf("%s listed twice", p.Code)
		}
		seen[p.Code] = true
		r := PlaceReader{Scheme: extract.SchemeGSO}
		if p.Level == LevelDistrict {
			r.Parent = p.Parent
		}
		if got, err := r.Read(p.Name, ""); err != nil || got != p.Code {
			t.Errorf("%s %s reads as %q, %v", p.Code, p.Name, got, err)
		}
	}
	if len(seen) != 1+6+63+1+30 {
		t.Errorf("%d known places, want 101", len(seen))
	}
}

// FuzzPlaceReader: whatever a source writes, a place is a Vietnamese place
// chitieu knows, an ISO 3166-1 code, or kept under the source's name; and
// a bare code without a label is never read as a Vietnamese province
// unless the table is Vietnamese.
func FuzzPlaceReader(f *testing.F) {
	for _, s := range [][2]string{{"01", "Stockholm county"}, {"01", "Hà Nội"}, {"01", ""}, {"Thai  Nguyen", ""},
		{" WHOLE COUNTRY", ""}, {"VN-HN", ""}, {"HN", ""}, {"Quận Ba Đình", ""}, {"\xff", "\xfe"}, {"1.0", ""}} {
		f.Add(s[0], s[1], false)
	}
	f.Fuzz(func(t *testing.T, code, label string, vietnamese bool) {
		r := PlaceReader{Source: "src", Parent: "01", Vietnamese: vietnamese}
		g, err := r.Read(code, label)
		if err != nil {
			if !errors.Is(err, ErrGeo) {
				t.Errorf("Read(%q, %q): error %v does not wrap ErrGeo", code, label, err)
			}
			return
		}
		iso := (len(g) == 2 || len(g) == 3) && isASCIILetters(g)
		if !knownCodes[g] && !iso && !strings.HasPrefix(g, "src:") {
			t.Errorf("Read(%q, %q) = %q: neither known, ISO 3166-1 nor kept", code, label, g)
		}
		if _, numeric := numericCode(code); numeric && strings.TrimSpace(label) == "" && !vietnamese && knownCodes[g] {
			t.Errorf("Read(%q) = %q: a bare code read as Vietnamese without evidence", code, g)
		}
	})
}

// TestKeptPlaces: the stream reports each kept place once, with the
// source's label, whatever normaliser read it (batch size 1: one block a
// row).
func TestKeptPlaces(t *testing.T) {
	rows := []extract.RawRow{
		{Series: "pop", Geo: "01", GeoLabel: "Stockholm county", Period: "2023", Value: "1"},
		{Series: "pop", Geo: "01", GeoLabel: "Stockholm county", Period: "2024", Value: "2"},
		{Series: "pop", Geo: "0114", Period: "2024", Value: "3"},
		{Series: "pop", Geo: "Hà Nội", Period: "2024", Value: "4"},
	}
	p := extract.NewPayload("scb", "t.px", []byte("fake"), fetched)
	s := Start(context.Background(), &fakeDecoder{rows: rows, failAt: -1}, p, Config{Ref: testRef(t), BatchSize: 1})
	drain(t, s)
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	s.Release()
	got := s.KeptPlaces()
	want := []KeptPlaceLabel{{"scb:01", "01", "Stockholm county"}, {"scb:0114", "0114", ""}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("KeptPlaces() = %v, want %v", got, want)
	}
}
