// Package vntext is what every stage knows of Vietnamese labels: how two
// spellings of one label are compared (Fold, FoldWords) and the names and
// GSO codes of the province-level units those labels name (Provinces).
//
// It is a leaf: it imports none of chitieu's stages, so that extract (the
// decoders match sheet, header and place labels), transform (the
// normaliser matches places, units and periods) and the agency-inbox check
// in schedules can all use one copy. It lived in transform, which made
// extract import transform only for these few names: a back-edge against
// the flow extract → transform → load. It is not the plan's domain
// (transform/plan: KPIs, targets, tasks, agencies); a decoder needs how
// labels are spelled, not what the plan measures.
package vntext

import (
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

// FoldWords is Fold with runs of white space (including no-break spaces)
// collapsed to one space and trimmed: "Địa  phương\u00a0" and "dia phuong"
// compare equal. Header, unit and place labels are matched this way.
func FoldWords(s string) string { return strings.Join(strings.Fields(Fold(s)), " ") }
