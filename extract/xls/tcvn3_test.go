package xls

import (
	"testing"
	"unicode/utf8"
)

func TestDecodeTCVN3(t *testing.T) {
	for in, want := range map[string]string{
		// pairs read in the GSO 2002 yearbook, next to their English
		"Tæng s¶n phÈm":                              "Tổng sản phẩm",
		"Tæng sè":                                    "Tổng số",
		"Ngh×n tû ®ång":                              "Nghìn tỷ đồng",
		"N«ng , L©m nghiÖp vµ Thñy s¶n":              "Nông , Lâm nghiệp và Thủy sản",
		"C«ng nghiÖp vµ  X©y dùng":                   "Công nghiệp và  Xây dựng",
		"DÞch vô":                                    "Dịch vụ",
		"S¬ bé-Prel. 2002 ":                          "Sơ bộ-Prel. 2002 ",
		"C¬ cÊu (%) - Structure (%)":                 "Cơ cấu (%) - Structure (%)",
		"ChØ sè ph¸t triÓn (N¨m tr\u00adíc = 100)":   "Chỉ số phát triển (Năm trước = 100)",
		"Kinh tÕ cã vèn ®Çu t\u00ad n\u00adíc ngoµi": "Kinh tế có vốn đầu tư nước ngoài",
		"Kinh tÕ tËp thÓ":                            "Kinh tế tập thể",
		"Kinh tÕ hçn hîp":                            "Kinh tế hỗn hợp",
		"TÝch luü tµi s¶n":                           "Tích luỹ tài sản",
		"XuÊt khÈu hµng ho¸ vµ dÞch vô":              "Xuất khẩu hàng hoá và dịch vụ",
		"Chªnh lÖch":                                 "Chênh lệch",
		"§· sö dông sè liÖu":                         "Đã sử dụng số liệu",
		"Sai sè - Error":                             "Sai số - Error",
		// letters of the table not in that file
		"ThÞ tr\u00adêng":        "Thị trường",
		"§iÖn, n\u00adíc":        "Điện, nước",
		"Gross domestic product": "Gross domestic product",
		"1995":                   "1995",
		"Tổng sản phẩm":          "Tổng sản phẩm", // already Unicode: unchanged
	} {
		if got := DecodeTCVN3(in); got != want {
			t.Errorf("DecodeTCVN3(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTCVN3Table(t *testing.T) {
	// ă â ê ô ơ ư đ, their capitals, and 12 vowels × 5 tones.
	if len(tcvn3) != 74 {
		t.Errorf("table has %d entries, want 74", len(tcvn3))
	}
	seen := map[rune]rune{}
	for b, u := range tcvn3 {
		if b < 0xA1 || b > 0xFE {
			t.Errorf("code %#x outside the VN3 range", b)
		}
		if prev, dup := seen[u]; dup {
			t.Errorf("%q mapped from both %#x and %#x", u, prev, b)
		}
		seen[u] = b
		if utf8.RuneLen(u) < 2 {
			t.Errorf("%#x maps to ASCII %q", b, u)
		}
	}
}

func TestDecodeTCVN3UpperFont(t *testing.T) {
	if got := decodeTCVN3("Tµi kho¶n quèc gia", ".VnArialH"); got != "TÀI KHOẢN QUỐC GIA" {
		t.Errorf("upper-case font: %q", got)
	}
	if got := decodeTCVN3("Tµi kho¶n quèc gia", ".VnArial"); got != "Tài khoản quốc gia" {
		t.Errorf("lower-case font: %q", got)
	}
}

func TestTCVN3Detection(t *testing.T) {
	var tcvn tcvnDetector
	for _, s := range []string{"Tæng s¶n phÈm trong n\u00adíc", "Ngh×n tû ®ång", "National Account", "1995"} {
		tcvn.add(s)
	}
	if !tcvn.isTCVN3() {
		t.Errorf("TCVN3 strings not detected (evidence %d)", tcvn.evidence)
	}
	var uni tcvnDetector
	for _, s := range []string{"Tổng sản phẩm", "Tæng s¶n phÈm trong n\u00adíc", "Ngh×n tû ®ång"} {
		uni.add(s)
	}
	if uni.isTCVN3() {
		t.Error("a workbook with Unicode Vietnamese detected as TCVN3")
	}
	var latin tcvnDetector
	for _, s := range []string{"Café crème", "Über Straße", "Tây Ninh", "Cà Mau", "São Tomé", "© ADB 2004"} {
		latin.add(s)
	}
	if latin.isTCVN3() {
		t.Errorf("Latin-1 text detected as TCVN3 (evidence %d)", latin.evidence)
	}
	for s, want := range map[string]bool{"Tây Ninh": false, "Cà Mau": false, "phÈm": true, "s¶n": true, "Tổng": false} {
		if got := tcvn3Evidence(s) > 0; got != want {
			t.Errorf("tcvn3Evidence(%q) > 0 = %v", s, got)
		}
	}
}
