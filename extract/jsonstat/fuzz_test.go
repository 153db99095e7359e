package jsonstat

import (
	"context"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to both decoders: they may refuse them,
// but must not panic, and Sniff must not either.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"version":"2.0","class":"dataset","id":["a","t"],"size":[2,1],"role":{"time":["t"]},"dimension":{"a":{"category":{"index":{"x":0,"y":1},"unit":{"x":{"label":"u"}}}},"t":{"category":{"index":["2020"]}}},"value":{"1":2.5},"status":{"0":".."}}`,
		`{"dataset":{"dimension":{"id":["Region","Year"],"size":[1,2],"Region":{"category":{"index":{"0":0},"label":{"0":"Ha Noi"}}},"Year":{"category":{"index":{"0":0,"1":1},"label":{"0":"2023","1":"2024"}}},"role":{}},"value":[1,null],"status":[null,"p"]}}` + "\x00",
		`{"b":{"dimension":{"id":["u"],"size":[1],"u":{"category":{"label":{"k":"K"}}}},"value":["7"],"status":{"value":[":"]}}}`,
		`{"version":"2.0","class":"collection","link":{"item":[{"class":"dataset","id":["t"],"size":[1],"dimension":{"t":{"category":{"index":["1"]}}},"value":[1]}]}}`,
		`{"columns":[{"code":"R","text":"region","type":"d"},{"code":"C","text":"c","type":"c"}],"data":[{"key":["00"],"values":[".."]}],"metadata":[{"label":"L"}]}`,
		`[{"page":1},[]]`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, d := range []interface {
			Sniff([]byte) bool
		}{Decoder{}, PXWebDecoder{}} {
			d.Sniff(b)
		}
		c := &collector{Limit: 10000}
		_ = Decoder{}.Decode(context.Background(), payload("fuzz", b), c)
		c = &collector{Limit: 10000}
		_ = PXWebDecoder{}.Decode(context.Background(), payload("fuzz", b), c)
	})
}
