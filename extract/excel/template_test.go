package excel

import "testing"

// TestInfoFieldOf: every field of "Thông tin" is found from its label as
// the writer writes it, and from the spellings agencies type.
func TestInfoFieldOf(t *testing.T) {
	for f := FieldTitle; f <= FieldNote; f++ {
		if got, ok := InfoFieldOf(f.Label()); !ok || got != f {
			t.Errorf("InfoFieldOf(%q) = %v, %v; want %v", f.Label(), got, ok, f)
		}
	}
	for _, tt := range []struct {
		label string
		want  InfoField
	}{
		{" NGÀY BÁO CÁO (dd/mm/yyyy)", FieldDate},
		{"ma don vi", FieldAgencyCode},
		{"Đơn vị báo cáo:", FieldAgency},
		{"Ky bao cao", FieldPeriod},
	} {
		if got, ok := InfoFieldOf(tt.label); !ok || got != tt.want {
			t.Errorf("InfoFieldOf(%q) = %v, %v; want %v", tt.label, got, ok, tt.want)
		}
	}
	if f, ok := InfoFieldOf("Người lập biểu"); ok {
		t.Errorf("InfoFieldOf(Người lập biểu) = %v; want no field", f)
	}
	if !IsSheet(" THONG TIN ", InfoSheet) || !IsSheet("Số liệu", DataSheet) || IsSheet("Số liệu", InfoSheet) {
		t.Error("IsSheet does not match the template's sheets folded")
	}
}
