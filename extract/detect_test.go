package extract

import (
	"strings"
	"testing"
)

func TestLooksLikeHTML(t *testing.T) {
	style := "<style>" + strings.Repeat("body { margin: 0; padding: 0; }\n", 40) + "</style>"
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"doctype", "<!DOCTYPE html><html><body>x</body></html>", true},
		{"html", "<html><head><title>x</title></head></html>", true},
		{"xhtml with a long style block", `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>` + style + `</head><body>503</body></html>`, true},
		{"xhtml without a doctype", `<?xml version="1.0"?><!-- error --><html xmlns="http://www.w3.org/1999/xhtml"><head>` + style + `</head></html>`, true},
		{"body far down", "<div>" + style + "</div><body>", true},
		{"sdmx-ml", `<?xml version="1.0"?><message:GenericData xmlns:message="x"><message:Header><message:ID>1</message:ID></message:Header>`, false},
		{"xml header element", `<?xml version="1.0"?><Data><Header>1</Header></Data>`, false},
		{"json", `{"version":"2.0","class":"dataset"}`, false},
		{"csv", "Tỉnh,2022,2023\nHà Nội,1,2\n", false},
	}
	for _, tt := range tests {
		if got := LooksLikeHTML([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: LooksLikeHTML = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLooksLikeProse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"markdown", "# chitieu\n\nchitieu is a Go ETL pipeline, with an embedded warehouse, for the plan.\n\n## Build\n\n- make build\n- make test\n", true},
		{"plain text", "Số liệu năm 2024 là số sơ bộ, sẽ được cập nhật khi có số liệu chính thức.\nNguồn: Tổng cục Thống kê, niên giám thống kê năm 2024, trang 12.\nGhi chú: các chỉ tiêu tính theo giá hiện hành, đơn vị tỷ đồng.\n", true},
		{"csv", "Tỉnh,Năm,Giá trị\nHà Nội,2022,1.234,5\nHải Phòng,2022,987\nĐà Nẵng,2022,12\n", false},
		{"csv with a title and long labels", "\"Tổng sản phẩm trong nước theo giá so sánh 2010 phân theo ngành kinh tế\"\n\"Ngành\",\"2021\",\"2022\"\n\"Nông, lâm nghiệp và thủy sản\",\"1\",\"2\"\n\"Công nghiệp và xây dựng\",\"3\",\"4\"\n", false},
		{"csv of notes in one column", "code,value,note\nA,1,\"Số liệu sơ bộ của Tổng cục Thống kê, sẽ được cập nhật sau\"\nB,2,\"\"\nC,3,\"\"\n", false},
		{"two lines", "Hello, world.\nThis is, in short, a very short note for you.\n", false},
	}
	for _, tt := range tests {
		if got := LooksLikeProse(tt.text); got != tt.want {
			t.Errorf("%s: LooksLikeProse = %v, want %v", tt.name, got, tt.want)
		}
	}
}
