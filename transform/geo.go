package transform

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/hanoi-sti/chitieu/vntext"
)

// geoAliases are spellings that differ from the names above by more than
// diacritics, case, spacing and "Tỉnh"/"TP." prefixes.
var geoAliases = map[string]string{
	"hn": "01", "hanoi": "01", "hanoicity": "01",
	"hcm": "79", "tphcm": "79", "hcmc": "79", "hochiminhcity": "79", "saigon": "79",
	"hue": "46", "danang": "48", "haiphong": "31", "cantho": "92", "brvt": "77", "bariavungtau": "77",
	"daklak": "66", "daknong": "67", "backan": "06", "hoabinh": "17", "thanhhoa": "38", "khanhhoa": "56",
	"canuoc": vntext.GeoCountry, "toanquoc": vntext.GeoCountry, "wholecountry": vntext.GeoCountry, "vietnam": vntext.GeoCountry,
	"vn": vntext.GeoCountry, "vnm": vntext.GeoCountry,
	// GSO's six socio-economic regions, as its tables name them.
	"dongbangsonghong": "R1", "redriverdelta": "R1",
	"trungduvamiennuiphiabac": "R2", "northernmidlandsandmountainareas": "R2",
	"bactrungbovaduyenhaimientrung": "R3", "northerncentralareaandcentralcoastalarea": "R3",
	"taynguyen": "R4", "centralhighlands": "R4",
	"dongnambo": "R5", "southeast": "R5",
	"dongbangsongcuulong": "R6", "mekongriverdelta": "R6",
	// Hà Tây province was merged into Hà Nội on 1 August 2008; its series
	// before that are kept under their own code, never added to Hà Nội's.
	"hatay": GeoHaTay,
}

// Geography codes that are not provinces of 2008–2025: GSO's regions R1–R6
// (Red River Delta, Northern midlands and mountains, North Central and
// Central coast, Central Highlands, South East, Mekong River Delta), and
// Hà Tây, the province merged into Hà Nội in 2008.
const GeoHaTay = "HATAY"

// iso3166VN are the ISO 3166-2:VN subdivision codes of the province-level
// units of 2008–2025, with the names the ISO 3166 Maintenance Agency gives
// them; SDMX messages write places this way (REF_AREA "VN-HN"). The 58
// provinces have two digits and the 5 centrally governed cities two
// letters, and ISO's numbers are not GSO's: VN-01 is Lai Châu (GSO 12)
// while Hà Nội is VN-HN (GSO 01). VN-15 is Hà Tây, merged into Hà Nội in
// 2008 and kept apart from it like its name. The codes are resolved to GSO
// codes through the province names above, so the two lists cannot drift
// apart. A revision of ISO 3166-2:VN for the 34 units of July 2025 would
// need a mapping of its own, as merged names do.
var iso3166VN = map[string]string{
	"VN-44": "An Giang", "VN-43": "Bà Rịa - Vũng Tàu", "VN-54": "Bắc Giang", "VN-53": "Bắc Kạn",
	"VN-55": "Bạc Liêu", "VN-56": "Bắc Ninh", "VN-50": "Bến Tre", "VN-31": "Bình Định",
	"VN-57": "Bình Dương", "VN-58": "Bình Phước", "VN-40": "Bình Thuận", "VN-59": "Cà Mau",
	"VN-CT": "Cần Thơ", "VN-04": "Cao Bằng", "VN-DN": "Đà Nẵng", "VN-33": "Đắk Lắk",
	"VN-72": "Đắk Nông", "VN-71": "Điện Biên", "VN-39": "Đồng Nai", "VN-45": "Đồng Tháp",
	"VN-30": "Gia Lai", "VN-03": "Hà Giang", "VN-63": "Hà Nam", "VN-HN": "Hà Nội",
	"VN-23": "Hà Tĩnh", "VN-61": "Hải Dương", "VN-HP": "Hải Phòng", "VN-73": "Hậu Giang",
	"VN-SG": "Hồ Chí Minh", "VN-14": "Hòa Bình", "VN-66": "Hưng Yên", "VN-34": "Khánh Hòa",
	"VN-47": "Kiên Giang", "VN-28": "Kon Tum", "VN-01": "Lai Châu", "VN-35": "Lâm Đồng",
	"VN-09": "Lạng Sơn", "VN-02": "Lào Cai", "VN-41": "Long An", "VN-67": "Nam Định",
	"VN-22": "Nghệ An", "VN-18": "Ninh Bình", "VN-36": "Ninh Thuận", "VN-68": "Phú Thọ",
	"VN-32": "Phú Yên", "VN-24": "Quảng Bình", "VN-27": "Quảng Nam", "VN-29": "Quảng Ngãi",
	"VN-13": "Quảng Ninh", "VN-25": "Quảng Trị", "VN-52": "Sóc Trăng", "VN-05": "Sơn La",
	"VN-37": "Tây Ninh", "VN-20": "Thái Bình", "VN-69": "Thái Nguyên", "VN-21": "Thanh Hóa",
	"VN-26": "Thừa Thiên Huế", "VN-46": "Tiền Giang", "VN-51": "Trà Vinh", "VN-07": "Tuyên Quang",
	"VN-49": "Vĩnh Long", "VN-70": "Vĩnh Phúc", "VN-06": "Yên Bái",
	"VN-15": "Hà Tây",
}

// geoByISO maps the ISO 3166-2:VN codes to chitieu's geography codes.
var geoByISO = func() map[string]string {
	m := make(map[string]string, len(iso3166VN))
	for iso, name := range iso3166VN {
		code, ok := geoByKey[geoKey(name)]
		if !ok {
			panic("transform: ISO 3166-2:VN " + iso + " names " + name + ", which is no province")
		}
		m[iso] = code
	}
	return m
}()

var geoByKey = func() map[string]string {
	m := make(map[string]string, len(vntext.Provinces)+len(geoAliases))
	for _, p := range vntext.Provinces {
		m[geoKey(p.Name)] = p.Code
		m[p.Code] = p.Code
	}
	for k, v := range geoAliases {
		m[k] = v
	}
	return m
}()

// ErrGeo is wrapped by ParseGeo's errors.
var ErrGeo = errors.New("unknown geography")

// ParseGeo maps a place written in GSO's scheme ("TP. Hà Nội", "Ha Noi",
// "Hanoi", "HN", "01", "VN-HN", " WHOLE COUNTRY") to its code. Three-letter upper-case
// codes of other countries ("JPN") pass through, since international sources
// compare Viet Nam with them. It trusts a bare "01" to be GSO's: a source
// not known to use GSO's codes is read with a PlaceReader instead, which
// does not.
func ParseGeo(label string) (string, error) {
	if c, numeric := numericCode(label); numeric {
		if code, ok := geoByKey[c]; ok && c == code {
			return code, nil
		}
		return "", fmt.Errorf("%q: %w", label, ErrGeo)
	}
	t := strings.TrimSpace(label)
	if code, ok := geoByISO[strings.ToUpper(t)]; ok {
		return code, nil
	}
	if code, ok := geoByKey[geoKey(label)]; ok {
		return code, nil
	}
	// Upper-case ISO 3166 codes of other countries pass through: alpha-3
	// (World Bank "JPN") and alpha-2 (Eurostat "LU", SDMX REF_AREA).
	if (len(t) == 3 || len(t) == 2) && strings.ToUpper(t) == t && isASCIILetters(t) {
		return t, nil
	}
	return "", fmt.Errorf("%q: %w", label, ErrGeo)
}

func geoKey(s string) string {
	k := vntext.Fold(strings.TrimSpace(s))
	for _, prefix := range []string{"thanh pho ", "tp. ", "tp.", "tp ", "tinh ", "city of "} {
		k = strings.TrimPrefix(k, prefix)
	}
	k = strings.TrimSuffix(k, " city")
	k = strings.TrimSuffix(k, " province")
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, k)
}

// numericCode reads a label made of digits as a province code, the way a
// spreadsheet may store one: "01", "1" or "1.0" are all 01, where geoKey
// would read "1.0" as 10 and "1.5" as 15. numeric is false if the trimmed
// label has anything but digits and points; c is "" if it has only those
// but is not a whole number.
func numericCode(label string) (c string, numeric bool) {
	t := strings.TrimSpace(label)
	if t == "" || strings.Trim(t, "0123456789.") != "" {
		return "", false
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		if strings.Trim(t[i+1:], "0") != "" {
			return "", true
		}
		t = t[:i]
	}
	if !allDigits(t) || t == "" {
		return "", true
	}
	if len(t) == 1 {
		t = "0" + t
	}
	return t, true
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
