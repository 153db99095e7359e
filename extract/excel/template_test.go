package excel

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

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

// TestTaskSheetRoundTrip: the task sheet WriteReport writes is read back
// row for row, the document date as an ISO date, with the agency's code
// from "Thông tin"; a workbook without the sheet reads no task rows.
func TestTaskSheetRoundTrip(t *testing.T) {
	rep := Report{Agency: "Sở Kế hoạch và Đầu tư", AgencyCode: "SKHDT", Date: time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC),
		Periods: []string{"2025"}, Rows: []ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Values: []any{31.5}}},
		Tasks: []ReportTask{
			{No: 18, Name: "Đề án …", Status: "hoàn thành", DocNo: "12/QĐ-UBND", DocDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
				Allocated: 4.9, Disbursed: 3.25, Note: "đã nghiệm thu"},
			{No: 19, Status: "đang triển khai", Allocated: "200"},
		}}
	var buf bytes.Buffer
	if err := WriteReport(&buf, rep); err != nil {
		t.Fatal(err)
	}
	sink, err := extracttest.Decode(t, Decoder{}, "skhdt.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Infos) == 0 || sink.Infos[0].AgencyCode != "SKHDT" {
		t.Errorf("infos %+v, want agency code SKHDT", sink.Infos)
	}
	want := []extract.TaskRow{
		{Origin: extract.Origin{URI: "skhdt.xlsx", Sheet: TaskSheet, Row: 2, Column: "A"}, Task: "18", Status: "hoàn thành",
			DocNo: "12/QĐ-UBND", DocDate: "2025-03-01", Allocated: "4.9", Disbursed: "3.25", Note: "đã nghiệm thu"},
		{Origin: extract.Origin{URI: "skhdt.xlsx", Sheet: TaskSheet, Row: 3, Column: "A"}, Task: "19", Status: "đang triển khai",
			Allocated: "200"},
	}
	if !reflect.DeepEqual(sink.Tasks, want) {
		t.Errorf("tasks\n got %+v\nwant %+v", sink.Tasks, want)
	}
	for c := TaskNo; c <= TaskNote; c++ {
		if got, ok := TaskColumnOf(c.Label()); !ok || got != c {
			t.Errorf("TaskColumnOf(%q) = %v, %v; want %v", c.Label(), got, ok, c)
		}
	}
	rep.Tasks = nil
	buf.Reset()
	if err := WriteReport(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if sink, err = extracttest.Decode(t, Decoder{}, "skhdt.xlsx", buf.Bytes()); err != nil || len(sink.Tasks) != 0 {
		t.Errorf("a report without a task sheet: %d task rows, err %v", len(sink.Tasks), err)
	}
}
