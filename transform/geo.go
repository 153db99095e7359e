package transform

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Geography codes: GSO's two-digit province codes (Hà Nội is 01), VN for the
// whole country, and ISO 3166 alpha-3 codes for other countries as
// international sources write them.
const (
	GeoHanoi   = "01"
	GeoCountry = "VN"
)

// Province is a province-level unit with its GSO code.
type Province struct {
	Code, Name string
}

// Provinces are the 63 province-level units of 2008–2025 with their GSO
// codes (Decision 124/2004/QĐ-TTg and amendments). The plan's period
// 2021–2025 is measured against these units; the July 2025 merger into 34
// units must not renumber them, so later sources that use merged names are
// mapped explicitly rather than by these names.
var Provinces = []Province{
	{"01", "Hà Nội"}, {"02", "Hà Giang"}, {"04", "Cao Bằng"}, {"06", "Bắc Kạn"}, {"08", "Tuyên Quang"},
	{"10", "Lào Cai"}, {"11", "Điện Biên"}, {"12", "Lai Châu"}, {"14", "Sơn La"}, {"15", "Yên Bái"},
	{"17", "Hoà Bình"}, {"19", "Thái Nguyên"}, {"20", "Lạng Sơn"}, {"22", "Quảng Ninh"}, {"24", "Bắc Giang"},
	{"25", "Phú Thọ"}, {"26", "Vĩnh Phúc"}, {"27", "Bắc Ninh"}, {"30", "Hải Dương"}, {"31", "Hải Phòng"},
	{"33", "Hưng Yên"}, {"34", "Thái Bình"}, {"35", "Hà Nam"}, {"36", "Nam Định"}, {"37", "Ninh Bình"},
	{"38", "Thanh Hoá"}, {"40", "Nghệ An"}, {"42", "Hà Tĩnh"}, {"44", "Quảng Bình"}, {"45", "Quảng Trị"},
	{"46", "Thừa Thiên Huế"}, {"48", "Đà Nẵng"}, {"49", "Quảng Nam"}, {"51", "Quảng Ngãi"}, {"52", "Bình Định"},
	{"54", "Phú Yên"}, {"56", "Khánh Hoà"}, {"58", "Ninh Thuận"}, {"60", "Bình Thuận"}, {"62", "Kon Tum"},
	{"64", "Gia Lai"}, {"66", "Đắk Lắk"}, {"67", "Đắk Nông"}, {"68", "Lâm Đồng"}, {"70", "Bình Phước"},
	{"72", "Tây Ninh"}, {"74", "Bình Dương"}, {"75", "Đồng Nai"}, {"77", "Bà Rịa - Vũng Tàu"}, {"79", "Hồ Chí Minh"},
	{"80", "Long An"}, {"82", "Tiền Giang"}, {"83", "Bến Tre"}, {"84", "Trà Vinh"}, {"86", "Vĩnh Long"},
	{"87", "Đồng Tháp"}, {"89", "An Giang"}, {"91", "Kiên Giang"}, {"92", "Cần Thơ"}, {"93", "Hậu Giang"},
	{"94", "Sóc Trăng"}, {"95", "Bạc Liêu"}, {"96", "Cà Mau"},
}

// geoAliases are spellings that differ from the names above by more than
// diacritics, case, spacing and "Tỉnh"/"TP." prefixes.
var geoAliases = map[string]string{
	"hn": "01", "hanoi": "01", "hanoicity": "01",
	"hcm": "79", "tphcm": "79", "hcmc": "79", "hochiminhcity": "79", "saigon": "79",
	"hue": "46", "danang": "48", "haiphong": "31", "cantho": "92", "brvt": "77", "bariavungtau": "77",
	"daklak": "66", "daknong": "67", "backan": "06", "hoabinh": "17", "thanhhoa": "38", "khanhhoa": "56",
	"canuoc": GeoCountry, "toanquoc": GeoCountry, "wholecountry": GeoCountry, "vietnam": GeoCountry,
	"vn": GeoCountry, "vnm": GeoCountry,
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
	m := make(map[string]string, len(Provinces)+len(geoAliases))
	for _, p := range Provinces {
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

// stripMarks holds transformers that remove diacritics. A transform.Chain
// keeps state between calls, so one shared chain is a data race when
// several goroutines fold at once (the normalisers do; go test -race found
// it): each call takes its own from the pool.
var stripMarks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold lower-cases s and removes diacritics and đ, for matching labels
// that different sources spell differently. Stored names are never folded.
func Fold(s string) string {
	t := stripMarks.Get().(transform.Transformer)
	out, _, err := transform.String(t, strings.ToLower(s))
	stripMarks.Put(t)
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.ReplaceAll(out, "đ", "d")
}

func geoKey(s string) string {
	k := Fold(strings.TrimSpace(s))
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
