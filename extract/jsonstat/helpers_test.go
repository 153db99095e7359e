package jsonstat

import (
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// realDir holds the real fixtures shared by the project's tests.
const realDir = extracttest.RealDir

// collector is a Sink that keeps what it is sent.
type collector = extracttest.Sink

var errFull = extracttest.ErrFull

func payload(uri string, body []byte) extract.Payload { return extracttest.Payload(uri, body) }

func readReal(t *testing.T, name string) (string, []byte) {
	t.Helper()
	return extracttest.ReadReal(t, name)
}

// decode runs d over body and returns what it sent.
func decode(t *testing.T, d extract.Decoder, uri string, body []byte) (*collector, error) {
	t.Helper()
	return extracttest.Decode(t, d, uri, body)
}
