package excel

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

var update = flag.Bool("update", false, "rewrite the bundled sample workbooks in testdata/sample")

const sampleNote = "DỮ LIỆU MẪU – không phải số liệu chính thức (sample data, not official figures)"

var years = []string{"2020", "2021", "2022", "2023", "Sơ bộ 2024"}

// sampleReports are the bundled demonstration reports. Their values are
// invented to look plausible; they are NOT official statistics, and the
// workbooks say so ("Dữ liệu mẫu: Có"), as does the sources table.
func sampleReports() map[string]Report {
	date := time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC)
	base := func(agency, code string) Report {
		return Report{Title: "Báo cáo kết quả thực hiện chỉ tiêu Kế hoạch 185/KH-UBND (DỮ LIỆU MẪU)", Agency: agency, AgencyCode: code,
			Period: "Năm 2024", Date: date, Sample: true, Note: sampleNote, Periods: years}
	}
	// Only the KPIs and inputs no public source gives. GRDP and employment
	// (KPI 2's inputs) come from the NSO table E02.45 and published GRDP
	// growth, and the digital economy share (KPI 4, once the Sở Thông tin
	// và Truyền thông's report) from published figures (schedules/data), so
	// the sample reports no longer carry them: a made-up value must not
	// stand beside a real one.
	skhdt := base("Sở Kế hoạch và Đầu tư", "SKHDT")
	skhdt.Rows = []ReportRow{
		{Code: "KPI1_TFP_SHARE", Name: "Tỷ lệ đóng góp của TFP vào tăng trưởng GRDP", Unit: "%", Values: []any{45.0, 38.5, 47.2, 49.1, 50.6}},
		// Capital stock (no public figure for Hà Nội): with real GRDP growth
		// and employment it lets KPI 1 be derived by growth accounting as a
		// cross-check of the reported shares, labelled as resting on sample
		// data.
		{Code: "CAPITAL_STOCK", Name: "Giá trị vốn sản xuất (tài sản cố định) theo giá so sánh 2010", Unit: "tỷ đồng", Values: []any{1500000, 1607000, 1716000, 1824000, 1945000}},
	}
	snn := base("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT")
	snn.Rows = []ReportRow{
		{Code: "KPI3_HITECH_AGRI_SHARE", Name: "Tỷ lệ giá trị sản phẩm nông nghiệp ứng dụng công nghệ cao", Unit: "%", Values: []any{40.0, 42.5, 48.0, 52.0, 55.0}},
	}
	skhcn := base("Sở Khoa học và Công nghệ", "SKHCN")
	skhcn.Rows = []ReportRow{
		{Code: "KPI5_INNOVATING_ENT_SHARE", Name: "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", Unit: "%", Values: []any{38.0, 41.0, 44.0, 47.0, 51.0}},
		{Code: "KPI6_OCOP_IP_SHARE", Name: "Tỷ lệ sản phẩm OCOP được hỗ trợ đăng ký bảo hộ sở hữu trí tuệ", Unit: "%", Values: []any{10.0, 18.0, 27.0, 35.0, 41.0}},
	}
	for _, p := range []struct {
		geo        string
		pubs, pats []any
	}{
		{"Hà Nội", []any{6500, 7100, 7600, 8000, 8400}, []any{450, 470, 520, 600, 690}},
		{"TP. Hồ Chí Minh", []any{4500, 5000, 5400, 5800, 6100}, []any{380, 420, 450, 470, 500}},
		{"Đà Nẵng", []any{900, 980, 1050, 1100, 1180}, []any{40, 48, 55, 60, 66}},
		{"Thái Nguyên", []any{700, 760, 800, 850, 880}, []any{12, 15, 14, 18, 19}},
		{"Bình Dương", []any{150, 170, 190, 210, 230}, []any{60, 75, 80, 90, 95}},
		{"Hải Phòng", []any{300, 320, 350, 370, 390}, []any{30, 33, 40, 45, 47}},
		{"Cần Thơ", []any{400, 430, 450, 470, 500}, []any{10, 11, 13, 12, 13}},
	} {
		skhcn.Rows = append(skhcn.Rows,
			ReportRow{Code: "INTL_PUBLICATIONS", Name: "Số công bố khoa học quốc tế", Unit: "bài", Geo: p.geo, Values: p.pubs},
			ReportRow{Code: "PATENT_APPS", Name: "Số đơn đăng ký sáng chế", Unit: "đơn", Geo: p.geo, Values: p.pats})
	}
	// The task sheets: each agency's tasks of the plan's appendix, with
	// invented progress (the workbooks are labelled sample data).
	sampleTask := func(no int, status string, alloc, disb any) ReportTask {
		return ReportTask{No: no, Status: status, Allocated: alloc, Disbursed: disb, Note: "Dữ liệu mẫu"}
	}
	issued := func(t ReportTask, doc string, d time.Time) ReportTask {
		t.DocNo, t.DocDate = doc, d
		return t
	}
	skhcn.Tasks = []ReportTask{
		issued(sampleTask(1, "hoàn thành", 2.0, 2.0), "1234/QĐ-UBND", time.Date(2022, 6, 15, 0, 0, 0, 0, time.UTC)),
		sampleTask(2, "đã ban hành", 30.0, 25.0),
		sampleTask(3, "đã ban hành", 123.0, 80.5),
		sampleTask(4, "đã ban hành", 150.0, 60.0),
		sampleTask(5, "đang triển khai", 5.0, 2.1),
		sampleTask(6, "đang triển khai", 40.0, 12.0),
		sampleTask(7, "chưa triển khai", nil, nil),
	}
	skhdt.Tasks = []ReportTask{
		issued(sampleTask(18, "hoàn thành", 4.9, 4.5), "5678/QĐ-UBND", time.Date(2022, 9, 20, 0, 0, 0, 0, time.UTC)),
		sampleTask(19, "đang triển khai", 120.0, 45.0),
	}
	snn.Tasks = []ReportTask{
		sampleTask(22, "đang triển khai", 1500.0, 620.0),
		sampleTask(23, "chưa triển khai", nil, nil),
	}
	return map[string]Report{
		"bao-cao-skhdt-2024.xlsx":   skhdt,
		"bao-cao-snnptnt-2024.xlsx": snn,
		"bao-cao-skhcn-2024.xlsx":   skhcn,
	}
}

// TestSampleWorkbooks checks that the bundled sample workbooks decode to
// exactly the values they were written from (and rewrites them with -update).
func TestSampleWorkbooks(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "sample")
	for name, rep := range sampleReports() {
		path := filepath.Join(dir, name)
		if *update {
			var buf bytes.Buffer
			if err := WriteReport(&buf, rep); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run 'make samples')", err)
		}
		sink := &rowSink{}
		if err := (Decoder{}).Decode(context.Background(), extract.NewPayload("s", path, body, time.Now()), sink); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := 0
		for _, r := range rep.Rows {
			want += len(r.Values)
		}
		if len(sink.rows) != want {
			t.Errorf("%s: %d rows, want %d", name, len(sink.rows), want)
		}
		if len(sink.tasks) != len(rep.Tasks) || len(rep.Tasks) == 0 {
			t.Errorf("%s: %d task rows, want %d", name, len(sink.tasks), len(rep.Tasks))
		}
		if !sink.info.Sample || !sink.info.Vintage.Equal(rep.Date) || sink.info.Publisher != rep.Agency {
			t.Errorf("%s: info = %+v", name, sink.info)
		}
	}
}

type rowSink struct {
	info  extract.Info
	rows  []extract.RawRow
	tasks []extract.TaskRow
}

func (s *rowSink) Task(r extract.TaskRow) error {
	s.tasks = append(s.tasks, r)
	return nil
}

func (s *rowSink) Describe(i extract.Info) { s.info = i }
func (s *rowSink) Row(r extract.RawRow) error {
	s.rows = append(s.rows, r)
	return nil
}
