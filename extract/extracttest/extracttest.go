// Package extracttest holds what the decoders' tests share: a Sink that
// keeps what a decoder sends, payloads with a fixed fetch time, and access
// to the real public fixtures in ../shared (skipping, saying why, where the
// folder is absent). It is imported by tests only.
package extracttest

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// RealDir is the folder of real fixtures as seen from a decoder package
// (extract/<kind>): the shared folder sits beside the repository.
const RealDir = "../../../shared/fixtures/real"

// FetchedAt is the fetch time of every Payload made here.
var FetchedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrFull is returned by Sink.Row once Limit rows were kept.
var ErrFull = errors.New("sink full")

// Sink keeps what a decoder sends.
type Sink struct {
	Infos []extract.Info
	Rows  []extract.RawRow
	Tasks []extract.TaskRow // rows of an agency report's task sheet
	Limit int               // Row returns ErrFull after this many rows; 0 = no limit
	Stop  error             // Row returns this error once set
}

// Describe implements extract.Sink.
func (s *Sink) Describe(i extract.Info) { s.Infos = append(s.Infos, i) }

// Row implements extract.Sink.
func (s *Sink) Row(r extract.RawRow) error {
	if s.Stop != nil {
		return s.Stop
	}
	if s.Limit > 0 && len(s.Rows) >= s.Limit {
		return ErrFull
	}
	s.Rows = append(s.Rows, r)
	return nil
}

// Task implements extract.TaskSink.
func (s *Sink) Task(r extract.TaskRow) error {
	if s.Stop != nil {
		return s.Stop
	}
	s.Tasks = append(s.Tasks, r)
	return nil
}

// Payload makes a payload of body as if fetched from uri at FetchedAt.
func Payload(uri string, body []byte) extract.Payload {
	return extract.NewPayload("test", uri, body, FetchedAt)
}

// Decode runs d over body and returns what it sent.
func Decode(tb testing.TB, d extract.Decoder, uri string, body []byte) (*Sink, error) {
	tb.Helper()
	s := &Sink{}
	err := d.Decode(context.Background(), Payload(uri, body), s)
	return s, err
}

// ReadReal reads a real fixture, skipping the test when the shared folder
// is absent.
func ReadReal(tb testing.TB, name string) (path string, body []byte) {
	tb.Helper()
	path = filepath.Join(RealDir, name)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("real fixture %s not available (the shared fixtures folder %s is absent in this checkout)", name, RealDir)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return path, b
}

// SeriesKey is what makes a row's series in transform: the series code and
// every entry of Dims, in key order. Decoder tests count distinct keys to
// check that years and places do not split a series.
func SeriesKey(r extract.RawRow) string {
	keys := slices.Sorted(maps.Keys(r.Dims))
	for i, k := range keys {
		keys[i] = k + "=" + r.Dims[k]
	}
	return r.Series + "?" + strings.Join(keys, "&")
}
