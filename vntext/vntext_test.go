package vntext

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ Input, Want string }{
		{"Đà Nẵng", "da nang"},
		{"ĐẮK LẮK", "dak lak"},
		{"Hoà Bình", "hoa binh"},
		{"Hòa Bình", "hoa binh"},
		{norm.NFD.String("Thừa Thiên Huế"), "thua thien hue"},
		{"Triệu đồng", "trieu dong"},
		{"abc", "abc"},
	}
	for _, tt := range tests {
		if got := Fold(tt.Input); got != tt.Want {
			t.Errorf("Fold(%q) = %q, want %q", tt.Input, got, tt.Want)
		}
	}
}

func TestFoldWords(t *testing.T) {
	for in, want := range map[string]string{
		"Địa  phương\u00a0": "dia phuong",
		" ĐƠN VỊ\tTÍNH ":    "don vi tinh",
		"":                  "",
	} {
		if got := FoldWords(in); got != want {
			t.Errorf("FoldWords(%q) = %q, want %q", in, got, want)
		}
	}
}
