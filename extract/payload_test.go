package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file payload is hashed without being read into memory, and reads back
// the same bytes, head and digest as the same bytes held in memory.
func TestFilePayloadMatchesMemory(t *testing.T) {
	body := []byte("\ufeff  " + strings.Repeat("Chỉ tiêu;Năm;Giá trị\n", 1000))
	path := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 6, 9, 1, 2, 3, 0, time.UTC)
	fp, err := FilePayload("src", path, at, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	mp := NewPayload("src", path, body, at)
	if fp.Body != nil || fp.SHA256 != mp.SHA256 || fp.Size != mp.Size || fp.Len() != int64(len(body)) {
		t.Fatalf("file payload %+v, memory payload sha %s size %d", fp, mp.SHA256, mp.Size)
	}
	fh, err := fp.Head()
	if err != nil {
		t.Fatal(err)
	}
	mh, _ := mp.Head()
	if !bytes.Equal(fh, mh) || !bytes.HasPrefix(fh, []byte("Chỉ tiêu")) || len(fh) > headSize {
		t.Fatalf("head %q, want %q", fh[:20], mh[:20])
	}
	all, err := fp.Bytes()
	if err != nil || !bytes.Equal(all, body) {
		t.Fatalf("Bytes: %d bytes, %v", len(all), err)
	}
}

// A file that changes size between hashing and decoding is refused: its
// numbers would not be the ones the recorded digest describes.
func TestFilePayloadChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.csv")
	os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644)
	p, err := FilePayload("src", path, time.Now(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("a,b\n1,2\n3,4\n"), 0o644)
	if _, err := p.Open(); err == nil || !strings.Contains(err.Error(), "changed while it was being loaded") {
		t.Fatalf("Open after rewrite: %v", err)
	}
	if _, err := p.Bytes(); err == nil {
		t.Fatal("Bytes after rewrite: no error")
	}
}

func TestFilePayloadRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, make([]byte, 2048), 0o644)
	for name, tc := range map[string]struct {
		path, want string
	}{
		"too large": {big, "over the 1024-byte limit"},
		"directory": {dir, "is a directory"},
		"missing":   {filepath.Join(dir, "nope.csv"), "no such file"},
	} {
		if _, err := FilePayload("src", tc.path, time.Now(), 1024); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// TestOriginPlace: the place part of an origin, as observations.origin
// keeps it, for each kind of position a decoder reports.
func TestOriginPlace(t *testing.T) {
	for _, c := range []struct {
		o    Origin
		want string
	}{
		{Origin{URI: "f.xlsx", Sheet: "Số liệu", Row: 7, Column: "E"}, "[Số liệu] E7"},
		{Origin{Row: 12, Column: "Giá trị"}, "row 12 column Giá trị"},
		{Origin{Row: 12}, "row 12"},
		{Origin{Column: "OBS_VALUE"}, "column OBS_VALUE"},
		{Origin{Key: "0:1:3"}, "key 0:1:3"},
		{Origin{Sheet: "T", Row: 3, Column: "ABCD", Key: "k"}, "[T] row 3 column ABCD key k"},
		{Origin{URI: "u"}, ""},
	} {
		if got := string(c.o.AppendPlace([]byte("x"))); got != "x"+c.want {
			t.Errorf("%+v: place %q, want %q", c.o, got[1:], c.want)
		}
		want := c.o.URI
		if c.want != "" {
			want += " " + c.want
		}
		if got := c.o.String(); got != want {
			t.Errorf("%+v: String %q, want %q", c.o, got, want)
		}
	}
}
