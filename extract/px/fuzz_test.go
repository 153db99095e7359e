package px

import (
	"context"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder: it may refuse them, but
// must not panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte("CHARSET=\"ANSI\";\nMATRIX=\"T\";\nSTUB=\"region\";\nHEADING=\"year\";\nVALUES(\"region\")=\"V\xe4sby\";\nVALUES(\"year\")=\"2020\",\"2021\";\nTIMEVAL(\"year\")=TLIST(A1),\"2020\",\"2021\";\nDATA=\n1 \"..\";"))
	f.Add([]byte("MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"b\";\nVALUES(\"a\")=\"x\";\nVALUES(\"b\")=\"1\";\nKEYS(\"a\")=VALUES;\nDATA=\n\"x\",5\n;"))
	f.Add([]byte("CODEPAGE=\"utf-8\";\nCELLNOTE(*,\"1\")=\"n\";\nSTUB[en]=\"a\";\nDATA=\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		Decoder{}.Sniff(b)
		c := &collector{Limit: 10000}
		_ = Decoder{}.Decode(context.Background(), payload("fuzz.px", b), c)
	})
}
