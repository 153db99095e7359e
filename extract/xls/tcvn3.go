package xls

import (
	"strings"
	"unicode"
)

// Before Unicode, Vietnamese offices typed Vietnamese in 8-bit "ABC" fonts
// (.VnTime, .VnArial, …) that draw the letters of the TCVN 5712:1993 VN3
// character set (TCVN3) at the code points where Windows-1252 has other
// letters. Excel stores the bytes as those Latin-1 letters, so a GSO
// yearbook of 2002 reads "Tæng s¶n phÈm" where the printed page says "Tổng
// sản phẩm". The table below maps them back.
//
// VN3 is the subset of TCVN3 the ABC fonts implement: the 67 lower-case
// Vietnamese letters with diacritics (ă â ê ô ơ ư đ, and the 12 vowels with
// each of the 5 tone marks) and the seven upper-case base letters Ă Â Ê Ô Ơ
// Ư Đ. Capitals with tone marks are not in it: the ABC fonts whose name ends
// in "H" (.VnTimeH, .VnArialH) draw capitals at the lower-case code points,
// so text in those fonts is upper-cased after decoding (see decodeTCVN3).
// Bytes outside the table (ASCII, and the unassigned positions) are kept.
//
// The positions were checked against the bilingual cells of the GSO 2002
// yearbook (Vietnamese next to its English): Tæng sè = Tổng số (Total),
// N«ng, L©m nghiÖp vµ Thñy s¶n = Nông, Lâm nghiệp và Thủy sản (Agriculture,
// Forestry & Fishing), Ngh×n tû ®ång = Nghìn tỷ đồng (Trill. dongs),
// S¬ bé = Sơ bộ (Prel.), C¬ cÊu = Cơ cấu (Structure), ChØ sè ph¸t triÓn
// (N¨m tr­íc = 100) = Chỉ số phát triển (Năm trước = 100) (Index, previous
// year = 100), Kinh tÕ cã vèn ®Çu t­ n­íc ngoµi = Kinh tế có vốn đầu tư
// nước ngoài (Foreign investment sector), XuÊt khÈu hµng ho¸ = Xuất khẩu
// hàng hoá (Export of goods).
var tcvn3 = map[rune]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	// a: grave, hook, tilde, acute, dot below
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	// ă
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
	// â
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	// e
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	// ê
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	// i
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	// o
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	// ô
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	// ơ
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	// u
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	// ư
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	// y
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// DecodeTCVN3 converts TCVN3 (VN3) text, read as Latin-1 letters, to
// Unicode (NFC). Runes above U+00FF are kept as they are.
func DecodeTCVN3(s string) string {
	return strings.Map(func(r rune) rune {
		if u, ok := tcvn3[r]; ok {
			return u
		}
		return r
	}, s)
}

// decodeTCVN3 converts the text of a cell in font (the cell's font name):
// in an upper-case ABC font the result is upper-cased.
func decodeTCVN3(s, font string) string {
	s = DecodeTCVN3(s)
	if upperFont(font) {
		s = strings.ToUpper(s)
	}
	return s
}

// isVnFont reports whether font is one of the ABC (TCVN3) fonts, whose
// names start with ".Vn" (.VnTime, .VnArial, .VnTimeH, …).
func isVnFont(font string) bool {
	return len(font) >= 3 && strings.EqualFold(font[:3], ".vn")
}

func upperFont(font string) bool { return isVnFont(font) && strings.HasSuffix(font, "H") }

// latin1Only reports whether every rune of s is below U+0100: text that can
// be TCVN3 read as Latin-1. Unicode Vietnamese almost always has a rune
// above (ơ, ư, đ, ạ, ế, …).
func latin1Only(s string) bool {
	for _, r := range s {
		if r > 0xFF {
			return false
		}
	}
	return true
}

// hasUnicodeVietnamese reports whether s holds a Vietnamese letter that
// only Unicode text has: ă â ê ô ơ ư đ with or without tones, or a vowel
// with a dot below or hook above (Latin Extended Additional).
func hasUnicodeVietnamese(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9:
			return true
		case r == 'ă' || r == 'Ă' || r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư' || r == 'đ' || r == 'Đ' ||
			r == 'ĩ' || r == 'Ĩ' || r == 'ũ' || r == 'Ũ':
			return true
		}
	}
	return false
}

// tcvn3Evidence counts the places in s where a TCVN3 letter sits inside a
// word: a Latin-1 symbol that TCVN3 uses for a letter (¶ µ ¸ ® ­ …), or an
// upper-case Latin-1 letter right after a lower-case one ("phÈm", "tÕ").
// Ordinary Latin-1 text (French, German) scores nothing: its accented
// letters are lower case inside words and its symbols stand apart.
func tcvn3Evidence(s string) int {
	if !latin1Only(s) {
		return 0
	}
	n := 0
	prev := ' '
	for _, r := range s {
		_, mapped := tcvn3[r]
		switch {
		case !mapped:
		case !unicode.IsLetter(r) && (unicode.IsLetter(prev) || prev == ' '):
			// ¶ µ ¸ ¹ « © ® ­ § … used as letters
			n++
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			n++
		}
		prev = r
	}
	return n
}

// tcvnDetector decides, over the strings of a workbook, whether its 8-bit
// text is TCVN3: enough in-word TCVN3 letters and no Unicode Vietnamese
// anywhere.
type tcvnDetector struct {
	evidence int
	unicode  bool
}

func (d *tcvnDetector) add(s string) {
	if hasUnicodeVietnamese(s) {
		d.unicode = true
		return
	}
	d.evidence += tcvn3Evidence(s)
}

func (d *tcvnDetector) isTCVN3() bool { return !d.unicode && d.evidence >= 3 }
