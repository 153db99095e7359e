package excel

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// FuzzDecodeWorkbook feeds arbitrary bytes, seeded with the bundled sample
// reports and the xlsx inputs of the hostile corpus (testdata/bad), to the
// xlsx decoder: it must not panic, every error must name the payload, every
// row must say which cell it came from, and a workbook it decodes without
// error has no part whose zip header lies about its size (excelize
// allocates the declared size of each part up front).
func FuzzDecodeWorkbook(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/sample/*.xlsx")
	bad, _ := filepath.Glob("../../testdata/bad/*/input.xlsx")
	for _, name := range append(seeds, bad...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	if len(seeds) > 0 {
		// A sample report whose docProps/app.xml claims 900 MB: excelize
		// allocated that much and the decode took ~2 s and succeeded.
		if b, err := os.ReadFile(seeds[0]); err == nil {
			f.Add(declareSize(b, "docProps/app.xml", 900<<20))
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
		if err != nil {
			return
		}
		zr, zerr := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if zerr != nil {
			t.Fatalf("decoded without error, but it is not a zip archive: %v", zerr)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			if err != nil {
				t.Fatalf("decoded without error, but part %s (declared %d bytes) is damaged: %v", zf.Name, zf.UncompressedSize64, err)
			}
		}
	})
}

// declareSize returns a copy of the zip archive b whose central directory
// says that the part name inflates to size bytes.
func declareSize(b []byte, name string, size uint32) []byte {
	b = bytes.Clone(b)
	for i := 0; ; i += 4 {
		j := bytes.Index(b[i:], []byte("PK\x01\x02"))
		if j < 0 {
			return b
		}
		i += j
		if i+46 > len(b) {
			return b
		}
		n := int(binary.LittleEndian.Uint16(b[i+28:]))
		if i+46+n <= len(b) && string(b[i+46:i+46+n]) == name {
			binary.LittleEndian.PutUint32(b[i+24:], size)
		}
	}
}
