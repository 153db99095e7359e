package yearbook

import (
	"context"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

// FuzzDecode feeds the table finder arbitrary grids (rows split on new
// lines, cells on "|") with arbitrary merged ranges: it must not panic, and
// every row it sends must point at a cell that exists.
func FuzzDecode(f *testing.F) {
	f.Add("Biểu 1\n|Tỷ đồng\nChỉ tiêu|2022|Sơ bộ 2023\nTổng số|1.234,5|..\n  Nông nghiệp|x|12\n\nGhi chú: số liệu sơ bộ", 2, 1, 3, 2)
	f.Add("1. GDP\n|Tổng số|Chia ra\n||Nông nghiệp\n|Nghìn tỷ đồng\n1995|228.9|62.2\n|Cơ cấu (%)\n1995|100|27.18\n2. GDP\n|Tổng số\n1995|1", 2, 2, 2, 3)
	f.Add("|Item|1986|1987\n\n|POPULATION\n001|Total|61.1|…\nFootnotes:\n|a note|more", 0, 0, 0, 0)
	f.Add("9. Thủy sản\n|Sơ |Ước|Năm 2024\n|bộ| tính|Quý II\n|quý III|năm|Tổng|233.42\n|năm 2024|2024\nCá|1|2|3|4", 3, 3, 3, 4)
	f.Add("25. FDI từ 01/01- 31/12/2024\n||Số dự án|Vốn\n||(Dự án)|cấp mới\nTỔNG SỐ||3375|19731.1\n| Trong đó: Nguyên chiếc|1|2", 0, 0, 0, 0)
	f.Add("a|b\n1|2\n|||||||||||||||||||||||||||||||\n2020|1\n2021|2", -1, -5, 70000, 1<<20)
	f.Fuzz(func(t *testing.T, text string, fromRow, fromCol, toRow, toCol int) {
		var rows [][]string
		for _, line := range strings.Split(text, "\n") {
			rows = append(rows, strings.Split(line, "|"))
		}
		merged := []Range{{FromRow: fromRow, FromCol: fromCol, ToRow: toRow, ToCol: toCol}, {FromRow: toRow, FromCol: toCol, ToRow: fromRow, ToCol: fromCol}}
		s := &sink{}
		_, _ = Decode(context.Background(), extract.Payload{URI: "fuzz"}, &gridSheet{name: "S", rows: rows}, merged, s)
		for _, r := range s.rows {
			i, c := r.Origin.Row-1, r.Origin.Column
			if i < 0 || i >= len(rows) || c == "" {
				t.Fatalf("row points outside the grid: %+v", r.Origin)
			}
			if r.Value == "" {
				t.Fatalf("empty value sent: %+v", r)
			}
		}
	})
}
