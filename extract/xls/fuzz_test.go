package xls

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

// FuzzBIFF feeds the BIFF8 record reader arbitrary Workbook streams: it must
// return an error or rows, never panic or hang.
func FuzzBIFF(f *testing.F) {
	f.Add(testBook())
	f.Add(book(1, [][]byte{str8("x")}, [][]byte{rec(recLabel, cellHdr(0, 0, 0), str8("Cover"))}))
	f.Add([]byte{0x09, 0x08, 0x04, 0x00, 0x00, 0x06, 0x05, 0x00})
	f.Fuzz(func(t *testing.T, stream []byte) {
		wb := &workbook{stream: stream, formats: map[uint16]string{}}
		if err := wb.readGlobals(); err != nil {
			return
		}
		_ = decodeWorkbook(context.Background(), extract.Payload{URI: "fuzz.xls"}, wb, &sink{})
	})
}

// FuzzDecode feeds whole payloads (OLE container included) to the decoder.
func FuzzDecode(f *testing.F) {
	f.Add(append(append([]byte{}, oleMagic...), make([]byte, 1024)...))
	for _, name := range []string{"gso_yearbook2002_national_accounts_2TKQG2002.xls"} {
		if b, err := os.ReadFile(filepath.Join(realDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = Decoder{}.Decode(context.Background(), extract.Payload{URI: "fuzz.xls", Body: body}, &sink{})
	})
}
