package excel

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// FuzzDecodeWorkbook feeds arbitrary bytes, seeded with the bundled sample
// reports and the xlsx inputs of the hostile corpus (testdata/bad), to the
// xlsx decoder: it must not panic, every error must name the payload, and
// every row must say which cell it came from.
func FuzzDecodeWorkbook(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/sample/*.xlsx")
	bad, _ := filepath.Glob("../../testdata/bad/*/input.xlsx")
	for _, name := range append(seeds, bad...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	const uri = "fuzz://workbook.xlsx"
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s := &rowSink{}
		err := Decoder{}.Decode(ctx, extract.NewPayload("fuzz", uri, body, time.Now()), s)
		if err != nil && !strings.Contains(err.Error(), uri) && ctx.Err() == nil {
			t.Fatalf("error does not name the payload: %v", err)
		}
		for _, r := range s.rows {
			if r.Origin.URI != uri || r.Origin.Sheet == "" || r.Origin.Row <= 0 || r.Origin.Column == "" {
				t.Fatalf("row without its cell: %+v", r.Origin)
			}
		}
	})
}
