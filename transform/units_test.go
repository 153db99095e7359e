package transform

import "testing"

func TestConvertUnit(t *testing.T) {
	tests := []struct {
		Name     string
		From, To string
		Want     float64
		WantErr  bool // no conversion exists
	}{
		{Name: "MillionToBillionVND", From: "triệu đồng", To: "tỷ đồng", Want: 0.001},
		{Name: "BillionToMillionVND", From: "Tỷ đồng", To: "Triệu đồng", Want: 1000},
		{Name: "PersonsToThousands", From: "người", To: "nghìn người", Want: 0.001},
		{Name: "ThousandsToPersons", From: "Nghìn người", To: "người", Want: 1000},
		{Name: "EnglishBillion", From: "Bill. dongs", To: "tỷ đồng", Want: 1},
		{Name: "EnglishThousandPersons", From: "Thous. persons", To: "nghìn người", Want: 1},
		{Name: "Spacing", From: " triệu  đồng ", To: "tỷ đồng", Want: 0.001},
		{Name: "Decomposed", From: "trie\u0302\u0323u đo\u0302\u0300ng", To: "tỷ đồng", Want: 0.001},
		{Name: "Percent", From: "%", To: "Phần trăm", Want: 1},
		{Name: "Same", From: "tỷ đồng", To: "tỷ đồng", Want: 1},
		{Name: "TiSpelling", From: "tỉ đồng", To: "tỷ đồng", Want: 1},
		{Name: "NganSpelling", From: "ngàn người", To: "nghìn người", Want: 1},
		{Name: "NganTiToTy", From: "Ngàn tỉ đồng", To: "tỷ đồng", Want: 1000},
		{Name: "MoneyToPersons", From: "triệu đồng", To: "nghìn người", WantErr: true},
		{Name: "PersonsToPercent", From: "người", To: "%", WantErr: true},
		{Name: "UnknownFrom", From: "bài", To: "tỷ đồng", WantErr: true},
		{Name: "UnknownTo", From: "tỷ đồng", To: "hạng", WantErr: true},
		{Name: "Empty", From: "", To: "tỷ đồng", WantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, ok := convertUnit(tt.From, tt.To)
			if tt.WantErr {
				if ok {
					t.Errorf("convertUnit(%q, %q) = %v, true; want no conversion", tt.From, tt.To, got)
				}
				return
			}
			if !ok || got != tt.Want {
				t.Errorf("convertUnit(%q, %q) = %v, %v; want %v, true", tt.From, tt.To, got, ok, tt.Want)
			}
		})
	}
}

func TestSameUnit(t *testing.T) {
	for _, tt := range []struct {
		A, B string
		Want bool
	}{
		{"Tỷ đồng", "tỷ đồng", true},
		{"nghìn  người", "Nghìn người", true},
		{"tỷ đồng", "triệu đồng", false},
		{"%", "%", true},
	} {
		if got := sameUnit(tt.A, tt.B); got != tt.Want {
			t.Errorf("sameUnit(%q, %q) = %v, want %v", tt.A, tt.B, got, tt.Want)
		}
	}
}
