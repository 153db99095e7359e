package transform

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/hanoi-sti/chitieu/vntext"
)

func TestParseGeo(t *testing.T) {
	tests := []struct {
		Name    string
		Input   string
		Want    string
		WantErr bool
	}{
		{Name: "CityPrefix", Input: "TP. Hà Nội", Want: "01"},
		{Name: "Ascii", Input: "Ha Noi", Want: "01"},
		{Name: "English", Input: "Hanoi", Want: "01"},
		{Name: "Abbrev", Input: "HN", Want: "01"},
		{Name: "Code", Input: "01", Want: "01"},
		{Name: "CodeNumericCell", Input: "1", Want: "01"},
		{Name: "CodeFloatCell", Input: "1.0", Want: "01"}, // not 10, Lào Cai
		{Name: "CodeFloatCell2", Input: "79.0", Want: "79"},
		{Name: "CodeTwoDigits", Input: "10", Want: "10"},
		{Name: "ThanhPho", Input: "Thành phố Hà Nội", Want: "01"},
		{Name: "Decomposed", Input: norm.NFD.String("Hà Nội"), Want: "01"},
		{Name: "NBSP", Input: "Hà\u00a0Nội", Want: "01"},
		{Name: "WholeCountry", Input: " WHOLE COUNTRY", Want: vntext.GeoCountry},
		{Name: "CaNuoc", Input: "Cả nước", Want: vntext.GeoCountry},
		{Name: "VietNam", Input: "Việt Nam", Want: vntext.GeoCountry},
		{Name: "VNM", Input: "VNM", Want: vntext.GeoCountry},
		{Name: "HCMCity", Input: "TP. Hồ Chí Minh", Want: "79"},
		{Name: "HCMEnglish", Input: "Ho Chi Minh city", Want: "79"},
		{Name: "HCMAbbrev", Input: "TP.HCM", Want: "79"},
		{Name: "Hue", Input: "Thua Thien Hue", Want: "46"},
		{Name: "HueShort", Input: "Huế", Want: "46"},
		{Name: "DoubleSpace", Input: "Thai  Nguyen", Want: "19"},
		{Name: "DakLak", Input: "Đắk Lắk", Want: "66"},
		{Name: "DakLakAscii", Input: "Dak Lak", Want: "66"},
		{Name: "HoaBinhOldAccent", Input: "Hoà Bình", Want: "17"},
		{Name: "HoaBinhNewAccent", Input: "Hòa Bình", Want: "17"},
		{Name: "TinhHoaBinh", Input: "Tỉnh Hòa Bình", Want: "17"},
		{Name: "ThanhHoaNewAccent", Input: "Thanh Hóa", Want: "38"},
		{Name: "BRVT", Input: "Bà Rịa - Vũng Tàu", Want: "77"},
		{Name: "BRVTNoDash", Input: "Bà Rịa Vũng Tàu", Want: "77"},
		{Name: "DaNang", Input: "Đà Nẵng", Want: "48"},
		{Name: "ISO3", Input: "JPN", Want: "JPN"},
		{Name: "ISO3Spaces", Input: " KOR ", Want: "KOR"},
		{Name: "ISO2Eurostat", Input: "LU", Want: "LU"},
		{Name: "RegionEN", Input: "Red River Delta", Want: "R1"},
		{Name: "RegionVI", Input: "Đồng bằng sông Cửu Long", Want: "R6"},
		{Name: "RegionGSOLabel", Input: "Northern Central area and Central coastal area", Want: "R3"},
		{Name: "HaTayBefore2008", Input: "Ha Tay", Want: GeoHaTay},
		// ISO 3166-2:VN, as SDMX messages write REF_AREA. ISO's numbers
		// are not GSO's.
		{Name: "ISOHanoi", Input: "VN-HN", Want: "01"},
		{Name: "ISOHanoiLowerSpaces", Input: " vn-hn ", Want: "01"},
		{Name: "ISOHoChiMinh", Input: "VN-SG", Want: "79"},
		{Name: "ISOHaiPhong", Input: "VN-HP", Want: "31"},
		{Name: "ISODaNang", Input: "VN-DN", Want: "48"},
		{Name: "ISOCanTho", Input: "VN-CT", Want: "92"},
		{Name: "ISO01IsLaiChau", Input: "VN-01", Want: "12"}, // not Hà Nội
		{Name: "ISO02IsLaoCai", Input: "VN-02", Want: "10"},
		{Name: "ISOQuangNinh", Input: "VN-13", Want: "22"},
		{Name: "ISOThaiNguyen", Input: "VN-69", Want: "19"},
		{Name: "ISOHue", Input: "VN-26", Want: "46"},
		{Name: "ISOBRVT", Input: "VN-43", Want: "77"},
		{Name: "ISOHauGiang", Input: "VN-73", Want: "93"},
		{Name: "ISOHaTayBefore2008", Input: "VN-15", Want: GeoHaTay}, // never Hà Nội's
		{Name: "ISOUnassigned", Input: "VN-99", WantErr: true},
		{Name: "ISOUnknownLetters", Input: "VN-XX", WantErr: true},
		{Name: "Unknown", Input: "Atlantis", WantErr: true},
		{Name: "Lowercase3", Input: "jpn", WantErr: true},
		{Name: "Empty", Input: "", WantErr: true},
		{Name: "UnknownCode", Input: "99", WantErr: true},
		{Name: "UnusedCode", Input: "3", WantErr: true},
		{Name: "FractionalCode", Input: "1.5", WantErr: true}, // not 15, Yên Bái
		{Name: "LongCode", Input: "001", WantErr: true},
		{Name: "Point", Input: ".", WantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, err := ParseGeo(tt.Input)
			if tt.WantErr {
				if err == nil {
					t.Fatalf("ParseGeo(%q) = %q, want error", tt.Input, got)
				}
				if !errors.Is(err, ErrGeo) {
					t.Errorf("ParseGeo(%q) error = %v, want one wrapping ErrGeo", tt.Input, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseGeo(%q): unexpected error %v, want %q", tt.Input, err, tt.Want)
			}
			if got != tt.Want {
				t.Errorf("ParseGeo(%q) = %q, want %q", tt.Input, got, tt.Want)
			}
		})
	}
}

func TestProvinces(t *testing.T) {
	if len(vntext.Provinces) != 63 {
		t.Errorf("len(vntext.Provinces) = %d, want 63", len(vntext.Provinces))
	}
	codes := map[string]string{}
	for _, p := range vntext.Provinces {
		if len(p.Code) != 2 || !allDigits(p.Code) {
			t.Errorf("%s: code %q is not two digits", p.Name, p.Code)
		}
		if other, dup := codes[p.Code]; dup {
			t.Errorf("code %s is both %s and %s", p.Code, other, p.Name)
		}
		codes[p.Code] = p.Name
		for _, in := range []string{p.Name, p.Code, vntext.Fold(p.Name), "Tỉnh " + p.Name, norm.NFD.String(p.Name)} {
			if got, err := ParseGeo(in); err != nil || got != p.Code {
				t.Errorf("ParseGeo(%q) = %q, %v, want %q", in, got, err, p.Code)
			}
		}
	}
	if codes[vntext.GeoHanoi] != "Hà Nội" {
		t.Errorf("vntext.GeoHanoi %q is %q, want Hà Nội", vntext.GeoHanoi, codes[vntext.GeoHanoi])
	}
}

// TestISO3166VN checks the ISO 3166-2:VN table against the provinces: each
// of the 63 units has exactly one code, in ISO's shape (two digits for a
// province, two letters for the five centrally governed cities), and Hà Tây
// keeps its own.
func TestISO3166VN(t *testing.T) {
	cities := map[string]bool{"01": true, "31": true, "48": true, "79": true, "92": true}
	seen := map[string]string{}
	for iso, name := range iso3166VN {
		code, err := ParseGeo(iso)
		if err != nil {
			t.Errorf("ParseGeo(%q): %v", iso, err)
			continue
		}
		if byName, err := ParseGeo(name); err != nil || byName != code {
			t.Errorf("%s is %s (%s) but ParseGeo(%q) = %q, %v", iso, name, code, name, byName, err)
		}
		if other, dup := seen[code]; dup {
			t.Errorf("%s and %s both map to %s", other, iso, code)
		}
		seen[code] = iso
		suffix, ok := strings.CutPrefix(iso, "VN-")
		switch {
		case !ok || len(suffix) != 2:
			t.Errorf("%s is not of the form VN-xx", iso)
		case cities[code] && !isASCIILetters(suffix):
			t.Errorf("%s (%s) is a centrally governed city: ISO gives it two letters", iso, name)
		case !cities[code] && !allDigits(suffix):
			t.Errorf("%s (%s) is a province: ISO gives it two digits", iso, name)
		}
	}
	for _, p := range vntext.Provinces {
		if _, ok := seen[p.Code]; !ok {
			t.Errorf("%s %s has no ISO 3166-2:VN code", p.Code, p.Name)
		}
	}
	if seen[GeoHaTay] != "VN-15" {
		t.Errorf("Hà Tây's ISO code is %q, want VN-15", seen[GeoHaTay])
	}
	if len(iso3166VN) != len(vntext.Provinces)+1 {
		t.Errorf("%d ISO codes, want %d (the provinces and Hà Tây)", len(iso3166VN), len(vntext.Provinces)+1)
	}
}

func FuzzParseGeo(f *testing.F) {
	for _, s := range []string{
		"TP. Hà Nội", "Ha Noi", "Hanoi", "HN", "01", "Thành phố Hà Nội", " WHOLE COUNTRY", "Cả nước",
		"TP. Hồ Chí Minh", "Ho Chi Minh city", "Thua Thien Hue", "Huế", "Thai  Nguyen", "Đắk Lắk",
		"Hoà Bình", "Hòa Bình", "Bà Rịa - Vũng Tàu", "JPN", "Atlantis", "\xff\xfe", "VN-HN", "VN-01", "VN-15",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseGeo(s)
		if err != nil {
			if !errors.Is(err, ErrGeo) {
				t.Errorf("%q: error %v does not wrap ErrGeo", s, err)
			}
			return
		}
		if code == "" {
			t.Errorf("%q: empty code without error", s)
		}
		if again, err := ParseGeo(code); err != nil || again != code {
			t.Errorf("%q: ParseGeo(%q) = %q, %v; want the code itself", s, code, again, err)
		}
		_ = vntext.Fold(s)
	})
}
