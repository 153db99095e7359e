package csvsrc

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hanoi-sti/chitieu/vntext"
)

// A CSV saved from Vietnamese text through a Western code page (Excel's
// "CSV" on a Windows set to English, a PX-Web export re-saved in Notepad as
// "ANSI") keeps the letters Windows-1252 has (à, á, â, ê, ô, ú …), turns
// ơ, ư, ă, đ into o, u, a, d by "best fit", and writes every other
// Vietnamese letter as "?": "Tổng sản phẩm" becomes "T?ng s?n ph?m", "Hà
// Nội" "Hà N?i", "Sơ bộ 2022" "So b? 2022". The letters are gone; what is
// left still tells most words apart. Such a file is read with what can be
// recovered: each damaged cell that matches exactly one place (the 63
// provinces, the regions, the whole country) becomes that place's name,
// each damaged word of a short vocabulary (the words of periods and
// headers) becomes that word, and the rest stays as written, "?" and all,
// so series keep a stable (if damaged) name. The decoder warns that names
// were damaged.

// lossyRE finds a "?" standing for a letter: inside a word, or ending one.
var lossyRE = regexp.MustCompile(`\p{L}\?+\p{L}|\p{L}\?+(?:["';,\t ]|$)`)

// lossyText reports whether text (a band from the start of a file) has
// Vietnamese letters replaced by "?": at least three words with one.
func lossyText(text string) bool {
	return len(lossyRE.FindAllStringIndex(text, 8)) >= 3
}

// placeNames are the places a damaged label is matched against, by their
// Vietnamese names as GSO writes them; transform.ParseGeo knows them all.
var placeNames = func() []string {
	names := []string{
		"Cả nước", "Toàn quốc", "Đồng bằng sông Hồng", "Trung du và miền núi phía Bắc",
		"Bắc Trung Bộ và duyên hải miền Trung", "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
		"Hồ Chí Minh",
	}
	for _, p := range vntext.Provinces {
		names = append(names, p.Name)
	}
	return names
}()

// repairWords are the words of headers and periods a damaged word is
// matched against.
var repairWords = strings.Fields("Sơ bộ Ước tính thực hiện Chính thức Quý Tháng Năm năm Cả cả đầu cuối " +
	"Địa phương Tỉnh thành phố Vùng Chỉ tiêu Đơn vị Tổng số Giá trị Kỳ")

// damageKey is the letters (and "?") of s, lower-cased, without tone marks,
// with best-fit replacements undone where they are ambiguous (ð, the
// Icelandic eth Windows-1252 writes for Đ, is d).
func damageKey(s string) []rune {
	var out []rune
	for _, r := range vntext.FoldWords(s) {
		switch {
		case r == 'ð':
			out = append(out, 'd')
		case r == '?' || unicode.IsLetter(r) || unicode.IsDigit(r):
			out = append(out, r)
		}
	}
	return out
}

// keyMatches reports whether damaged key d (with "?" for lost letters)
// fits the intact key k.
func keyMatches(d, k []rune) bool {
	if len(d) != len(k) {
		return false
	}
	for i := range d {
		if d[i] != '?' && d[i] != k[i] {
			return false
		}
	}
	return true
}

// damageRepair restores what it can of damaged cells.
type damageRepair struct {
	places  [][]rune
	words   [][]rune
	damaged int // cells with "?" seen
	mended  int // of which restored
}

func newDamageRepair() *damageRepair {
	d := &damageRepair{}
	for _, n := range placeNames {
		d.places = append(d.places, damageKey(n))
	}
	for _, w := range repairWords {
		d.words = append(d.words, damageKey(w))
	}
	return d
}

// placePrefixes are dropped before a damaged place is matched: "TP. H?
// Chí Minh", "T?nh Ngh? An".
var placePrefixes = []string{"tp.", "tp ", "thanh pho ", "th?nh ph? ", "thành ph? ", "t?nh ", "tinh "}

// repair mends the cells of rec in place.
func (d *damageRepair) repair(rec []string) {
	for i, c := range rec {
		if !strings.Contains(c, "?") || !lossyRE.MatchString(c) {
			continue
		}
		d.damaged++
		if p, ok := d.place(c); ok {
			rec[i] = p
			d.mended++
			continue
		}
		if w, ok := d.mendWords(c); ok {
			rec[i] = w
			d.mended++
		}
	}
}

// place returns the one place name a damaged cell fits.
func (d *damageRepair) place(c string) (string, bool) {
	t := strings.TrimSpace(c)
	l := strings.ToLower(t)
	for _, p := range placePrefixes {
		if strings.HasPrefix(l, p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	key := damageKey(t)
	found := -1
	for i, k := range d.places {
		if keyMatches(key, k) {
			if found >= 0 && placeNames[found] != placeNames[i] {
				return "", false // two places fit: leave it damaged
			}
			found = i
		}
	}
	if found < 0 {
		return "", false
	}
	return placeNames[found], true
}

// repairPhrases are two-word phrases read together before single words,
// where a word alone is ambiguous ("t?nh" is tính or tỉnh; "Ước t?nh" is
// "Ước tính").
var repairPhrases = [][2]string{{"Ước", "tính"}, {"Sơ", "bộ"}, {"Chính", "thức"}, {"Địa", "phương"}, {"Cả", "nước"}}

// mendWords restores the damaged words of a cell that fit exactly one word
// of the vocabulary (or, first, one two-word phrase), keeping an initial
// capital; ok is false when none did.
func (d *damageRepair) mendWords(c string) (string, bool) {
	words := strings.Fields(c)
	changed := false
	for i := 0; i+1 < len(words); i++ {
		if !strings.Contains(words[i]+words[i+1], "?") {
			continue
		}
		for _, p := range repairPhrases {
			if keyMatches(damageKey(words[i]), damageKey(p[0])) && keyMatches(damageKey(words[i+1]), damageKey(p[1])) {
				words[i], words[i+1] = withCase(words[i], p[0]), withCase(words[i+1], p[1])
				changed = true
				break
			}
		}
	}
	for i, w := range words {
		if !strings.Contains(w, "?") {
			continue
		}
		core := strings.TrimRight(w, ".,;:)")
		key := damageKey(core)
		found := -1
		for j, k := range d.words {
			if keyMatches(key, k) {
				if found >= 0 && !strings.EqualFold(repairWords[found], repairWords[j]) {
					found = -2
					break
				}
				if found == -1 {
					found = j
				}
			}
		}
		if found < 0 {
			continue
		}
		words[i] = withCase(core, repairWords[found]) + w[len(core):]
		changed = true
	}
	return strings.Join(words, " "), changed
}

// withCase is word in lower case, with a capital where damaged starts with
// one (Ð, Windows-1252's stand-in for Đ, included).
func withCase(damaged, word string) string {
	rep := strings.ToLower(word)
	if r, _ := utf8.DecodeRuneInString(damaged); unicode.IsUpper(r) || r == 'Ð' {
		rr, size := utf8.DecodeRuneInString(rep)
		rep = string(unicode.ToUpper(rr)) + rep[size:]
	}
	return rep
}
