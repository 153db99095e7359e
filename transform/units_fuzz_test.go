package transform

import (
	"math"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/vntext"
)

// FuzzConvertUnit feeds pairs of unit labels to the unit folding and
// conversion behind the normaliser's unit check. It must not panic; folding
// must be idempotent (a folded key folds to itself, so a key stored folded
// is found again); a conversion that exists has a finite factor > 0, is 1
// from a unit to itself or to a unit sameUnit calls equal, and is the
// reciprocal of the conversion back; and conversion depends on the folded
// keys only.
func FuzzConvertUnit(f *testing.F) {
	for k := range unitScale {
		if unitKey(k) != k {
			f.Fatalf("unitScale key %q is not folded (unitKey gives %q): it can never match", k, unitKey(k))
		}
	}
	units := []string{
		"triệu đồng", "Tỷ đồng", "tỷ  đồng ", "tỉ đồng", "Nghìn tỷ đồng", "ngàn tỉ đồng", "nghìn đồng", "đồng", "Đồng",
		"trie\u0302\u0323u đo\u0302\u0300ng", "người", "Nghìn người", "ngàn người", "triệu người",
		"Bill. dongs", "Thous. persons", "thous. pers.", "Billion VND", "%", "Phần trăm", "percent",
		"hạng", "bài", "đơn", "doanh nghiệp", "sản phẩm", "",
		"Quý II/2023", "Sơ bộ 2024", "1.234,5", "..", "x", "-", "\u00a0%\u00a0", "TỶ ĐỒNG", "İ", "ẞ", "\xff",
	}
	for i, a := range units {
		f.Add(a, units[(i*7+3)%len(units)])
		f.Add(a, a)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, u := range []string{a, b} {
			k := unitKey(u)
			if again := unitKey(k); again != k {
				t.Fatalf("unitKey not idempotent: %q → %q → %q", u, k, again)
			}
			if fo := vntext.Fold(u); vntext.Fold(fo) != fo {
				t.Fatalf("Fold not idempotent: %q → %q → %q", u, fo, vntext.Fold(fo))
			}
			if !sameUnit(u, k) {
				t.Fatalf("sameUnit(%q, its key %q) = false", u, k)
			}
			if f, ok := convertUnit(u, u); ok && f != 1 {
				t.Fatalf("convertUnit(%q, itself) = %v, want 1", u, f)
			}
		}

		f, ok := convertUnit(a, b)
		back, okBack := convertUnit(b, a)
		if ok != okBack {
			t.Fatalf("convertUnit(%q, %q) ok=%v but back ok=%v", a, b, ok, okBack)
		}
		if !ok {
			if f != 0 {
				t.Fatalf("convertUnit(%q, %q) = %v, false: want 0 with no conversion", a, b, f)
			}
			if sameUnit(a, b) {
				if _, known := unitScale[unitKey(a)]; known {
					t.Fatalf("sameUnit(%q, %q) but a known unit does not convert to itself", a, b)
				}
			}
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
			t.Fatalf("convertUnit(%q, %q) = %v: want a finite factor > 0", a, b, f)
		}
		if sameUnit(a, b) && f != 1 {
			t.Fatalf("sameUnit(%q, %q) but convertUnit = %v, want 1", a, b, f)
		}
		if p := f * back; math.Abs(p-1) > 1e-12 {
			t.Fatalf("convertUnit(%q, %q) = %v and back %v: product %v, want 1", a, b, f, back, p)
		}
		if g, ok := convertUnit(unitKey(a), strings.ToUpper(b)); !ok || g != f {
			t.Fatalf("convertUnit(%q, %q) = %v but with keys/case changed = %v, %v", a, b, f, g, ok)
		}
	})
}
