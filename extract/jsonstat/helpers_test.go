package jsonstat

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// realDir holds the real fixtures shared by the project's tests.
const realDir = "../../../shared/fixtures/real"

// collector is a Sink that keeps what it is sent.
type collector struct {
	infos []extract.Info
	rows  []extract.RawRow
	limit int // stop with errFull after this many rows; 0 = no limit
}

var errFull = errors.New("collector full")

func (c *collector) Describe(i extract.Info) { c.infos = append(c.infos, i) }

func (c *collector) Row(r extract.RawRow) error {
	if c.limit > 0 && len(c.rows) >= c.limit {
		return errFull
	}
	c.rows = append(c.rows, r)
	return nil
}

func payload(uri string, body []byte) extract.Payload {
	return extract.NewPayload("test", uri, body, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

// decode runs d over body and returns what it sent.
func decode(t *testing.T, d extract.Decoder, uri string, body []byte) (*collector, error) {
	t.Helper()
	c := &collector{}
	err := d.Decode(context.Background(), payload(uri, body), c)
	return c, err
}

// readReal reads a real fixture, skipping the test when the folder is absent.
func readReal(t *testing.T, name string) (string, []byte) {
	t.Helper()
	path := filepath.Join(realDir, name)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("real fixture %s not available (the shared fixtures folder %s is absent in this checkout)", name, realDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}
