package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressShowsRows: the bar shows the rows of the current file beside
// the count of files, and a new step starts counting again.
func TestProgressShowsRows(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, on: true}
	p.Step("reading big.xlsx", 0, 1)
	p.Rows(350_000)
	if !strings.Contains(buf.String(), "0/1 350,000 rows") {
		t.Errorf("bar %q does not count rows", buf.String())
	}
	buf.Reset()
	p.Step("loading into the warehouse", 1, 1)
	p.Finish()
	if strings.Contains(buf.String(), "350,000") {
		t.Errorf("the next step kept the last file's rows: %q", buf.String())
	}
}
