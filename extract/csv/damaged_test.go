package csvsrc

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestLossyText(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{`"T?ng s?n ph?m";"2020"` + "\n" + `"Hà N?i";1` + "\n", true},
		{"\"Tổng sản phẩm\";\"2020\"\n\"Hà Nội\";1\n", false},
		{"question,answer\nWhy?,Because\nReally? Yes,1\n", false},
	}
	for _, tt := range tests {
		if got := lossyText(tt.text); got != tt.want {
			t.Errorf("lossyText(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestDamageRepair(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hà N?i", "Hà Nội"},
		{"H?i Phòng", "Hải Phòng"},
		{"H?i Duong", "Hải Dương"},
		{"C? NU?C", "Cả nước"},
		{"Ð?ng b?ng sông H?ng", "Đồng bằng sông Hồng"},
		{"TP. H? Chí Minh", "Hồ Chí Minh"},
		{"Th?a Thiên Hu?", "Thừa Thiên Huế"},
		{"Ð?k L?k", "Đắk Lắk"},
		{"So b? 2022", "Sơ bộ 2022"},
		{"U?c t?nh 2024", "Ước tính 2024"},
		{"Qu? II/2024", "Quý II/2024"},
		{"Ð?a phuong", "Địa phương"},
		{"Qu?ng ???", "Qu?ng ???"}, // fits no single place or word: left as written
	}
	d := newDamageRepair()
	for _, tt := range tests {
		rec := []string{tt.in}
		d.repair(rec)
		if rec[0] != tt.want {
			t.Errorf("repair(%q) = %q, want %q", tt.in, rec[0], tt.want)
		}
	}
}

// TestDecodeLossyCP1252: a GSO PX-Web table saved through Windows-1252
// loads with its places and periods, not as series named "Hà N?i".
func TestDecodeLossyCP1252(t *testing.T) {
	text := "\"T?ng s?n ph?m trên d?a bàn\"\r\n\r\n\"Ð?a phuong\";\"2021\";\"So b? 2022\"\r\n" +
		"\"Hà N?i\";1068000;1196000\r\n\"H?i Phòng\";340000;390000\r\n\"Hòa Bình\";53000;56000\r\n"
	body, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	s := mustDecode(t, "lossy.csv", []byte(body))
	got := map[string]bool{}
	for _, r := range s.Rows {
		got[r.Geo+" "+r.Period] = true
		if strings.Contains(r.Geo, "?") || r.Series == "" {
			t.Errorf("row %+v", r)
		}
	}
	for _, w := range []string{"Hà Nội 2021", "Hà Nội Sơ bộ 2022", "Hải Phòng 2021", "Hòa Bình Sơ bộ 2022"} {
		if !got[w] {
			t.Errorf("no row for %s; got %v", w, got)
		}
	}
}

// FuzzDamageRepair: any text, damaged or not, is mended without a panic,
// and a cell without "?" is never changed.
func FuzzDamageRepair(f *testing.F) {
	for _, s := range []string{"Hà N?i", "So b? 2022", "Ð?a phuong", "TP. H? Chí Minh", "???", "?", "a?b c?d ?", "Qu?ng Nam"} {
		f.Add(s)
	}
	d := newDamageRepair()
	f.Fuzz(func(t *testing.T, s string) {
		_ = lossyText(s)
		rec := []string{s}
		d.repair(rec)
		if !strings.Contains(s, "?") && rec[0] != s {
			t.Fatalf("repair changed %q to %q", s, rec[0])
		}
	})
}
