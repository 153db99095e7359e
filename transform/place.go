package transform

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/hanoi-sti/chitieu/vntext"

	"github.com/hanoi-sti/chitieu/extract"
)

// The place schemes (extract.SchemeGSO, extract.SchemeISO, extract.SchemeSource, extract.SchemeDetect)
// are declared in extract beside Info.GeoScheme, since a decoder names the
// scheme its format fixes; PlaceReader below is what each one means.

// CheckScheme returns an error for a scheme name chitieu does not know.
func CheckScheme(s string) error {
	switch s {
	case extract.SchemeDetect, extract.SchemeGSO, extract.SchemeISO, extract.SchemeSource:
		return nil
	}
	return fmt.Errorf("unknown place scheme %q (known: %s, %s, %s, or none to detect)", s, extract.SchemeGSO, extract.SchemeISO, extract.SchemeSource)
}

// KeptPlace is the geo_code of a place read in no known scheme: the source's
// name, a colon and the place as the source writes it
// ("scb_BE0101F1nildotsymbols:01" is Statistics Sweden's Stockholm county).
// The colon keeps it apart from every Vietnamese code, so no query or KPI
// on GSO codes can pick it up, while the values stay queryable.
func KeptPlace(source, raw string) string {
	if source == "" {
		source = "source"
	}
	return source + ":" + raw
}

// weakNames are names of Vietnamese places that other countries' statistics
// offices use for their own: Statistics Finland's "WHOLE COUNTRY", the
// "South-East" regions of Ireland and England, Kenya's and Sri Lanka's
// central highlands. They are read as Vietnamese only in a table declared
// or shown to be Vietnamese.
var weakNames = map[string]bool{"wholecountry": true, "southeast": true, "centralhighlands": true}

//go:embed hanoi_districts.tsv
var hanoiDistrictsTSV string

// District is a district-level unit with GSO's district code, under its
// province.
type District struct {
	Province, Code, Name, Kind string
}

// GeoCode is the district's geo_code: its province's code, a point and its
// own ("01.001", Ba Đình), so that a district never lands on its province.
func (d District) GeoCode() string { return d.Province + "." + d.Code }

// Districts are the district-level units chitieu knows (Hà Nội's, from
// hanoi_districts.tsv).
var Districts = func() []District {
	var out []District
	for i, line := range strings.Split(hanoiDistrictsTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || len(f[0]) != 2 || len(f[1]) != 3 || !allDigits(f[0]+f[1]) {
			panic(fmt.Sprintf("transform: hanoi_districts.tsv line %d: want province, three-digit district code, name, kind: %q", i+1, line))
		}
		out = append(out, District{Province: f[0], Code: f[1], Name: f[2], Kind: f[3]})
	}
	return out
}()

// districtByKey maps a province code and a district name's key to the
// district's geo_code.
var districtByKey = func() map[[2]string]string {
	m := make(map[[2]string]string, len(Districts))
	for _, d := range Districts {
		m[[2]string{d.Province, districtKey(d.Name)}] = d.GeoCode()
		m[[2]string{d.Province, d.Code}] = d.GeoCode()
	}
	return m
}()

// districtKey is geoKey without the kind of unit a yearbook writes before a
// district's name ("Quận Ba Đình", "Thị xã Sơn Tây", "Ba Dinh district").
func districtKey(s string) string {
	k := vntext.Fold(strings.TrimSpace(s))
	for _, prefix := range []string{"quan ", "huyen ", "thi xa ", "district "} {
		k = strings.TrimPrefix(k, prefix)
	}
	k = strings.TrimSuffix(strings.TrimSuffix(k, " district"), " town")
	return geoKey(k)
}

// PlaceReader reads the places of one payload in its scheme.
type PlaceReader struct {
	Scheme string // one of the Scheme constants
	// Parent is the province the payload is about ("01" for a Hà Nội
	// yearbook): district names are read under it.
	Parent string
	// Source names the scheme of places kept unmatched (KeptPlace).
	Source string
	// Vietnamese says the payload is shown (or declared) to be a
	// Vietnamese table, so that its weak names ("WHOLE COUNTRY") and bare
	// GSO codes are read as GSO's.
	Vietnamese bool
}

// Read returns the geo_code of a place the source writes as code and label
// (either may be empty; PX and JSON-stat give both, "01" and "Stockholm
// county"). A label that names a Vietnamese place is the best evidence and
// wins over the code. An error wraps ErrGeo.
func (pr PlaceReader) Read(code, label string) (string, error) {
	code, label = strings.TrimSpace(code), strings.TrimSpace(label)
	if code == "" {
		code, label = label, ""
	}
	if label == code {
		label = ""
	}
	if code == "" {
		return "", fmt.Errorf("no place: %w", ErrGeo)
	}
	switch pr.Scheme {
	case extract.SchemeSource:
		return KeptPlace(pr.Source, code), nil
	case extract.SchemeGSO:
		for _, s := range []string{label, code} {
			if s == "" {
				continue
			}
			if g, ok := pr.name(s, true); ok {
				return g, nil
			}
			if g, err := ParseGeo(s); err == nil {
				return g, nil
			}
		}
		return "", fmt.Errorf("%q is not a GSO code or the name of a Vietnamese place: %w", code, ErrGeo)
	case extract.SchemeISO:
		t := strings.ToUpper(code)
		if g, ok := geoByISO[t]; ok {
			return g, nil
		}
		if (len(t) == 2 || len(t) == 3) && t == code && isASCIILetters(t) {
			return isoCountry(t), nil
		}
		return "", fmt.Errorf("%q is not an ISO 3166-1 or ISO 3166-2:VN code: %w", code, ErrGeo)
	case extract.SchemeDetect:
		if label != "" {
			if g, ok := pr.name(label, pr.Vietnamese); ok {
				return g, nil
			}
		}
		if g, ok := geoByISO[strings.ToUpper(code)]; ok {
			return g, nil
		}
		// Two or three upper-case letters are ISO 3166-1 before they are
		// an abbreviation: HN is Honduras unless the source declares GSO.
		if (len(code) == 2 || len(code) == 3) && strings.ToUpper(code) == code && isASCIILetters(code) {
			return isoCountry(code), nil
		}
		if c, numeric := numericCode(code); numeric {
			// A bare number is GSO's only in a Vietnamese table, and only
			// when no label says it is something else.
			if pr.Vietnamese && label == "" {
				if g, ok := geoByKey[c]; ok && g == c {
					return g, nil
				}
			}
			return KeptPlace(pr.Source, code), nil
		}
		if g, ok := pr.name(code, pr.Vietnamese); ok {
			return g, nil
		}
		return KeptPlace(pr.Source, code), nil
	}
	return "", fmt.Errorf("%v: %w", CheckScheme(pr.Scheme), ErrGeo)
}

// name matches a place by its name: a district of the parent province, a
// province, a region, the whole country. Weak names need vietnamese. Codes
// are not names: "01" is never matched here.
func (pr PlaceReader) name(s string, vietnamese bool) (string, bool) {
	if _, numeric := numericCode(s); numeric {
		return "", false
	}
	if pr.Parent != "" {
		if g, ok := districtByKey[[2]string{pr.Parent, districtKey(s)}]; ok {
			return g, true
		}
	}
	k := geoKey(s)
	g, ok := geoByKey[k]
	if !ok || (weakNames[k] && !vietnamese) {
		return "", false
	}
	return g, true
}

// isoCountry reads an ISO 3166-1 code: Viet Nam is VN whichever form,
// other countries keep the code the source gives.
func isoCountry(t string) string {
	if t == "VN" || t == "VNM" {
		return vntext.GeoCountry
	}
	return t
}

// StrongPlace reports whether a place, as code and label, names a
// Vietnamese place on its own evidence: a name that only Vietnamese places
// have, an ISO 3166-2:VN code, or a GSO code whose label names that very
// province. The normaliser counts these to decide whether a payload is a
// Vietnamese table.
func StrongPlace(code, label string) bool {
	code, label = strings.TrimSpace(code), strings.TrimSpace(label)
	pr := PlaceReader{}
	if label != "" {
		_, ok := pr.name(label, false)
		return ok
	}
	if _, ok := geoByISO[strings.ToUpper(code)]; ok {
		return true
	}
	if (len(code) == 2 || len(code) == 3) && isASCIILetters(code) {
		return false // ISO 3166-1: Viet Nam among other countries says nothing
	}
	_, ok := pr.name(code, false)
	return ok
}

// PlaceInfo is a Vietnamese place chitieu knows, for the warehouse's
// places table.
type PlaceInfo struct {
	Code, Name, Level, Parent string
}

// Place levels.
const (
	LevelCountry        = "country"
	LevelRegion         = "region"
	LevelProvince       = "province"
	LevelDistrict       = "district"
	LevelFormerProvince = "former_province"
)

// regionNames are GSO's six socio-economic regions, by chitieu's codes.
var regionNames = [][2]string{
	{"R1", "Đồng bằng sông Hồng"}, {"R2", "Trung du và miền núi phía Bắc"},
	{"R3", "Bắc Trung Bộ và duyên hải miền Trung"}, {"R4", "Tây Nguyên"},
	{"R5", "Đông Nam Bộ"}, {"R6", "Đồng bằng sông Cửu Long"},
}

// knownCodes are the geo_codes of KnownPlaces: a source whose declared
// default place is one of them is about Viet Nam (a default of JPN is not).
var knownCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range KnownPlaces() {
		m[p.Code] = true
	}
	return m
}()

// KnownPlaces lists every Vietnamese place a geo_code can name: the whole
// country, GSO's regions, the 63 provinces of 2008–2025, Hà Tây (merged
// into Hà Nội in 2008) and Hà Nội's districts. Any other geo_code is a
// foreign country (ISO 3166-1) or a place kept in its source's scheme.
func KnownPlaces() []PlaceInfo {
	out := []PlaceInfo{{vntext.GeoCountry, "Việt Nam", LevelCountry, ""}}
	for _, r := range regionNames {
		out = append(out, PlaceInfo{r[0], r[1], LevelRegion, vntext.GeoCountry})
	}
	for _, p := range vntext.Provinces {
		out = append(out, PlaceInfo{p.Code, p.Name, LevelProvince, vntext.GeoCountry})
	}
	out = append(out, PlaceInfo{GeoHaTay, "Hà Tây", LevelFormerProvince, vntext.GeoCountry})
	for _, d := range Districts {
		out = append(out, PlaceInfo{d.GeoCode(), d.Kind + " " + d.Name, LevelDistrict, d.Province})
	}
	return out
}
