package xls

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

// sink collects what the decoder sends.
type sink struct {
	info []extract.Info
	rows []extract.RawRow
	err  error // returned by Row when set
}

func (s *sink) Describe(i extract.Info) { s.info = append(s.info, i) }
func (s *sink) Row(r extract.RawRow) error {
	if s.err != nil {
		return s.err
	}
	s.rows = append(s.rows, r)
	return nil
}

const realDir = "../../../shared/fixtures/real"

// realPayload reads a real fixture, skipping the test when it is absent.
func realPayload(t testing.TB, name string) extract.Payload {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if err != nil {
		t.Skipf("real fixture %s not available (%v); these tests need /work/shared/fixtures/real", name, err)
	}
	return extract.Payload{URI: name, Body: b}
}
