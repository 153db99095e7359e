package plan

import (
	"testing"
	"time"
)

func TestTranscription(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	kpis := map[int]bool{}
	for _, i := range ref.Indicators {
		if i.Role == "kpi" {
			kpis[i.KPINo] = true
		}
	}
	if len(kpis) != 7 {
		t.Errorf("KPIs numbered %v, want 7 distinct", kpis)
	}
	if len(ref.Tasks) != 35 {
		t.Fatalf("%d tasks, want 35", len(ref.Tasks))
	}
	for i, task := range ref.Tasks {
		if task.No != i+1 {
			t.Errorf("task at position %d has number %d", i+1, task.No)
		}
	}
	budget := func(no int) *float64 { return ref.Tasks[no-1].Budget.BillionVND }
	for _, c := range []struct {
		no   int
		want float64
	}{{8, 8910}, {18, 4.9}, {22, 3000}, {14, 200}, {30, 1.8}} {
		if got := budget(c.no); got == nil || *got != c.want {
			t.Errorf("task %d budget = %v, want %v", c.no, got, c.want)
		}
	}
	if budget(9) != nil {
		t.Errorf("task 9 budget %q should be null", ref.Tasks[8].Budget.Text)
	}
	if ref.Tasks[13].Budget.Note == "" {
		t.Error("task 14 lost its funding breakdown")
	}
	if !ref.Tasks[1].Due.AlreadyIssued {
		t.Error("task 2 is already issued")
	}
	if got := ref.Tasks[17].Lead; got != "SKHDT" {
		t.Errorf("task 18 lead = %s, want SKHDT", got)
	}
	if len(ref.Targets) != 8 { // KPI 7 has two targets: publications and patents
		t.Errorf("%d targets, want 8", len(ref.Targets))
	}
}

func TestParseDue(t *testing.T) {
	d := func(s string) *time.Time {
		v, _ := time.Parse("2006-01-02", s)
		return &v
	}
	tests := []struct {
		in         string
		start, end *time.Time
		issued     bool
		err        bool
	}{
		{in: "Quý III/2021", start: d("2021-07-01"), end: d("2021-09-30")},
		{in: "Quý I/2022", start: d("2022-01-01"), end: d("2022-03-31")},
		{in: "Quý IV/2021", start: d("2021-10-01"), end: d("2021-12-31")},
		{in: "2022", start: d("2022-01-01"), end: d("2022-12-31")},
		{in: "Đã ban hành", issued: true},
		{in: "sớm", err: true},
		{in: "Quý V/2021", err: true},
	}
	for _, tt := range tests {
		got, err := ParseDue(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseDue(%q) err = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if tt.err {
			continue
		}
		if got.AlreadyIssued != tt.issued || !sameDate(got.Start, tt.start) || !sameDate(got.End, tt.end) {
			t.Errorf("ParseDue(%q) = %v..%v issued=%v, want %v..%v issued=%v", tt.in, got.Start, got.End, got.AlreadyIssued, tt.start, tt.end, tt.issued)
		}
	}
}

func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func TestParseBudget(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		in   string
		want *float64
		note string
		err  bool
	}{
		{in: "4,9", want: f(4.9)},
		{in: "8910", want: f(8910)},
		{in: "-"},
		{in: "2 (đã cấp)", want: f(2), note: "đã cấp"},
		{in: "200 (trong đó 91,05 tỷ từ ngân sách nhà nước, 108,95 tỷ khác)", want: f(200), note: "trong đó 91,05 tỷ từ ngân sách nhà nước, 108,95 tỷ khác"},
		{in: "chưa rõ", err: true},
	}
	for _, tt := range tests {
		got, err := ParseBudget(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseBudget(%q) err = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if (got.BillionVND == nil) != (tt.want == nil) || (tt.want != nil && *got.BillionVND != *tt.want) || got.Note != tt.note {
			t.Errorf("ParseBudget(%q) = %v %q, want %v %q", tt.in, got.BillionVND, got.Note, tt.want, tt.note)
		}
	}
}
