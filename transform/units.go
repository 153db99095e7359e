package transform

import (
	"github.com/hanoi-sti/chitieu/vntext"
)

// unitScale gives each known unit its family and its size in the family's
// base unit, so "triệu đồng" converts to "tỷ đồng" and "người" to
// "nghìn người". Keys are folded (see vntext.FoldWords).
var unitScale = map[string]struct {
	family string
	scale  float64
}{
	"dong": {"vnd", 1}, "nghin dong": {"vnd", 1e3}, "trieu dong": {"vnd", 1e6}, "ty dong": {"vnd", 1e9},
	"nghin ty dong": {"vnd", 1e12}, "bill. dongs": {"vnd", 1e9}, "thous. dongs": {"vnd", 1e3},
	"trill. dongs": {"vnd", 1e12}, "billion vnd": {"vnd", 1e9}, "million vnd": {"vnd", 1e6},
	"nguoi": {"persons", 1}, "nghin nguoi": {"persons", 1e3}, "trieu nguoi": {"persons", 1e6},
	"thous. persons": {"persons", 1e3}, "persons": {"persons", 1}, "thousand persons": {"persons", 1e3},
	"thous. pers.": {"persons", 1e3}, // GSO's English web tables
	// "tỉ" and "ngàn" are the other accepted spellings of "tỷ" and "nghìn".
	"ti dong": {"vnd", 1e9}, "nghin ti dong": {"vnd", 1e12}, "ngan dong": {"vnd", 1e3},
	"ngan ty dong": {"vnd", 1e12}, "ngan ti dong": {"vnd", 1e12}, "ngan nguoi": {"persons", 1e3},
	"%": {"percent", 1}, "phan tram": {"percent", 1}, "percent": {"percent", 1},
}

func unitKey(u string) string { return vntext.FoldWords(u) }

func sameUnit(a, b string) bool { return unitKey(a) == unitKey(b) }

// convertUnit returns the factor that turns a value in unit from into unit
// to, if both are known units of one family.
func convertUnit(from, to string) (float64, bool) {
	f, ok1 := unitScale[unitKey(from)]
	t, ok2 := unitScale[unitKey(to)]
	if !ok1 || !ok2 || f.family != t.family {
		return 0, false
	}
	return f.scale / t.scale, true
}
