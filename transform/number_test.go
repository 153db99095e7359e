package transform

import (
	"errors"
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		Name    string
		Input   string
		VI      bool // ParseNumberVI rather than ParseNumber
		Want    Number
		WantErr bool
	}{
		// Decimal marks and thousands separators.
		{Name: "DecimalComma", Input: "7,5", Want: Number{Value: 7.5}},
		{Name: "DecimalPoint", Input: "7.5", Want: Number{Value: 7.5}},
		{Name: "VIThousandsDecimalComma", Input: "1.234,5", Want: Number{Value: 1234.5}},
		{Name: "ENThousandsDecimalPoint", Input: "1,234.5", Want: Number{Value: 1234.5}},
		{Name: "RepeatedDots", Input: "1.234.567", Want: Number{Value: 1234567}},
		{Name: "RepeatedCommas", Input: "1,234,567", Want: Number{Value: 1234567}},
		{Name: "SpaceThousands", Input: "1 234,5", Want: Number{Value: 1234.5}},
		{Name: "NBSPThousands", Input: "1\u00a0234,5", Want: Number{Value: 1234.5}},
		{Name: "NBSPAround", Input: "\u00a042\u00a0", Want: Number{Value: 42}},
		{Name: "NarrowNBSPThousands", Input: "1\u202f234,5", Want: Number{Value: 1234.5}},
		{Name: "ThinSpaceThousands", Input: "1\u2009234\u2009567", Want: Number{Value: 1234567}},
		{Name: "SpacesAround", Input: "  42  ", Want: Number{Value: 42}},
		{Name: "SingleSeparatorThreeDigits", Input: "1.234", Want: Number{Value: 1.234}},
		{Name: "SingleCommaThreeDigits", Input: "1,234", Want: Number{Value: 1.234}},
		{Name: "LeadingPoint", Input: ".5", Want: Number{Value: 0.5}},
		{Name: "NegativeGrouped", Input: "-1.234.567", Want: Number{Value: -1234567}},
		{Name: "NegativeMixed", Input: "-1.234,5", Want: Number{Value: -1234.5}},

		// Signs, percentages, exponents.
		{Name: "Percent", Input: "12%", Want: Number{Value: 12, Percent: true}},
		{Name: "PercentSpace", Input: "12,5 %", Want: Number{Value: 12.5, Percent: true}},
		{Name: "ParenNegative", Input: "(3,2)", Want: Number{Value: -3.2}},
		{Name: "ParenNegativePercent", Input: "(3,2%)", Want: Number{Value: -3.2, Percent: true}},
		{Name: "ParenNegativePercentOutside", Input: "(3,2)%", Want: Number{Value: -3.2, Percent: true}},
		{Name: "HyphenMinus", Input: "-3.2", Want: Number{Value: -3.2}},
		{Name: "UnicodeMinus", Input: "\u22123.2", Want: Number{Value: -3.2}},
		{Name: "UnicodeMinusComma", Input: "\u22123,2", Want: Number{Value: -3.2}},
		{Name: "Exponent", Input: "1.5E+3", Want: Number{Value: 1500}},
		{Name: "ExponentComma", Input: "1,5E+3", Want: Number{Value: 1500}},
		{Name: "Zero", Input: "0", Want: Number{Value: 0}},

		// Missing-value markers.
		{Name: "Empty", Input: "", Want: Number{Missing: true}},
		{Name: "Blank", Input: " \u00a0 ", Want: Number{Missing: true}},
		{Name: "TwoDots", Input: "..", Want: Number{Missing: true, Marker: ".."}},
		{Name: "PXDataSymbol6", Input: "......", Want: Number{Missing: true, Marker: "......"}},
		{Name: "ThreeDots", Input: "...", Want: Number{Missing: true, Marker: "..."}},
		{Name: "Ellipsis", Input: "…", Want: Number{Missing: true, Marker: "…"}},
		{Name: "Dash", Input: "-", Want: Number{Missing: true, Marker: "-"}},
		{Name: "DashSpaced", Input: " - ", Want: Number{Missing: true, Marker: "-"}},
		{Name: "EnDash", Input: "–", Want: Number{Missing: true, Marker: "–"}},
		{Name: "Confidential", Input: "x", Want: Number{Missing: true, Marker: "x"}},
		{Name: "ConfidentialUpper", Input: "X", Want: Number{Missing: true, Marker: "X"}},
		{Name: "NotAvailable", Input: "n.a.", Want: Number{Missing: true, Marker: "n.a."}},
		{Name: "NotAvailableIMF", Input: "na", Want: Number{Missing: true, Marker: "na"}},
		{Name: "PreliminarySuffixNSDP", Input: "519.4sb", Want: Number{Value: 519.4, Preliminary: true}},
		{Name: "PreliminarySuffixAlone", Input: "sb", WantErr: true},
		{Name: "NA", Input: "N/A", Want: Number{Missing: true, Marker: "N/A"}},
		{Name: "NaNSDMX", Input: "NaN", Want: Number{Missing: true, Marker: "NaN"}}, // SDMX's missing OBS_VALUE; "nan" and "NAN" stay errors

		// Not numbers.
		{Name: "Text", Input: "abc", WantErr: true},
		{Name: "BadCommaGroups", Input: "1,2,3", WantErr: true},
		{Name: "BadDotGroups", Input: "1.23.4", WantErr: true},
		{Name: "BadMixedGroupsVI", Input: "1.23,5", WantErr: true},      // thousands group of two digits
		{Name: "BadMixedGroupsEN", Input: "1,23.4", WantErr: true},      // thousands group of two digits
		{Name: "BadMixedLongHead", Input: "1234.567,8", WantErr: true},  // head of four digits
		{Name: "TwoDecimalMarks", Input: "1,234.5.6", WantErr: true},    // two decimal points
		{Name: "InterleavedMarks", Input: "1.234,567.8", WantErr: true}, // which is the decimal mark?
		{Name: "GroupedExponent", Input: "1.0e0.000", WantErr: true},    // "groups" that are not digits
		{Name: "NaNLower", Input: "nan", WantErr: true},
		{Name: "NaNUpper", Input: "NAN", WantErr: true},
		{Name: "Inf", Input: "Inf", WantErr: true},
		{Name: "NegInf", Input: "-Inf", WantErr: true},
		{Name: "Infinity", Input: "+infinity", WantErr: true},
		{Name: "Overflow", Input: "1e400", WantErr: true},
		{Name: "Hex", Input: "0x10", WantErr: true},
		{Name: "HexUpper", Input: "0X10", WantErr: true},
		{Name: "HexFloat", Input: "0x1p4", WantErr: true},
		{Name: "NegHexFloat", Input: "-0x1p4", WantErr: true},
		{Name: "Underscore", Input: "1_000", WantErr: true},
		{Name: "PercentOnly", Input: "%", WantErr: true},
		{Name: "EmptyParens", Input: "()", WantErr: true},
		{Name: "DoubleNegative", Input: "(-3,2)", WantErr: true},
		{Name: "DoubleParens", Input: "((3))", WantErr: true},
		{Name: "DoublePercent", Input: "3%%", WantErr: true},
		{Name: "LonePoint", Input: ".", WantErr: true},
		{Name: "UnicodeMinusOnly", Input: "\u2212", WantErr: true},

		// ParseNumberVI: "." is always the thousands separator.
		{Name: "VIThousands", Input: "1.234", VI: true, Want: Number{Value: 1234}},
		{Name: "VIMillions", Input: "1.234.567", VI: true, Want: Number{Value: 1234567}},
		{Name: "VIDecimalComma", Input: "7,5", VI: true, Want: Number{Value: 7.5}},
		{Name: "VIMixed", Input: "1.234,5", VI: true, Want: Number{Value: 1234.5}},
		{Name: "VINegativeThousands", Input: "-1.234", VI: true, Want: Number{Value: -1234}},
		{Name: "VIExponent", Input: "1.5E3", VI: true, Want: Number{Value: 1500}}, // not a group of three digits
		{Name: "VIMissing", Input: "..", VI: true, Want: Number{Missing: true, Marker: ".."}},
		{Name: "VIText", Input: "abc", VI: true, WantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			parse, fn := ParseNumber, "ParseNumber"
			if tt.VI {
				parse, fn = ParseNumberVI, "ParseNumberVI"
			}
			got, err := parse(tt.Input)
			if tt.WantErr {
				if err == nil {
					t.Fatalf("%s(%q) = %+v, want error", fn, tt.Input, got)
				}
				if !errors.Is(err, ErrNotNumber) {
					t.Errorf("%s(%q) error = %v, want one wrapping ErrNotNumber", fn, tt.Input, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s(%q): unexpected error %v, want %+v", fn, tt.Input, err, tt.Want)
			}
			if got != tt.Want {
				t.Errorf("%s(%q):\ngot  %+v\nwant %+v", fn, tt.Input, got, tt.Want)
			}
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"7,5", "7.5", "1.234,5", "1,234.5", "1.234.567", "1,234,567", "1 234,5", "12%",
		"(3,2)", "-3.2", "\u22123.2", "1.5E+3", "", "..", "...", "…", "-", "x", "n.a.",
		"abc", "1,2,3", "1.23.4", "NaN", "nan", "Inf", "0x10", "0x1p4", "  42  ", "1\u00a0234",
		"1.234", "1e400", "(-3)", "-0", "007", "1.", ".5", ".", "-", "12345678901234567890",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The plain-decimal fast path must read exactly what the general
		// path reads.
		for _, vi := range []bool{false, true} {
			fast, ferr := parseNumber(s, vi)
			slow, serr := parseGeneral(s, vi)
			if (ferr == nil) != (serr == nil) || fast != slow && !(math.IsNaN(fast.Value) && math.IsNaN(slow.Value)) {
				t.Errorf("%q (vi=%v): fast path %+v, %v; general path %+v, %v", s, vi, fast, ferr, slow, serr)
			}
		}
		for _, parse := range []func(string) (Number, error){ParseNumber, ParseNumberVI} {
			n, err := parse(s)
			if err != nil {
				if !errors.Is(err, ErrNotNumber) {
					t.Errorf("%q: error %v does not wrap ErrNotNumber", s, err)
				}
				continue
			}
			if n.Missing {
				if n.Value != 0 {
					t.Errorf("%q: missing value with Value %v", s, n.Value)
				}
				continue
			}
			if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
				t.Errorf("%q: parsed to non-finite %v", s, n.Value)
			}
		}
	})
}
