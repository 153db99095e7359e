package jsonstat

import (
	"bytes"
	"encoding/json"
)

// shape is what a payload's first bytes say about its top-level object: the
// member names in order, the kind of each member's value ('{', '[', '"',
// 'n' for null, '0' for a number, 't' for a boolean), the text of string
// members, and the member names of nested objects (of the first element
// when the member is an array). Only the head of a payload is seen, so a
// shape is usually incomplete; what is there is exact.
type shape struct {
	obj  bool
	keys []string
	kind map[string]byte
	str  map[string]string
	sub  map[string][]string
}

func sniffShape(head []byte) shape {
	s := shape{kind: map[string]byte{}, str: map[string]string{}, sub: map[string][]string{}}
	dec := json.NewDecoder(bytes.NewReader(jsonBody(head)))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return s
	}
	s.obj = true
	for {
		tok, err := dec.Token()
		if err != nil {
			return s
		}
		key, ok := tok.(string)
		if !ok {
			return s // end of the object
		}
		s.keys = append(s.keys, key)
		tok, err = dec.Token()
		if err != nil {
			return s
		}
		switch v := tok.(type) {
		case json.Delim:
			s.kind[key] = byte(v)
			var names []string
			err := nestedKeys(dec, v, func(k string) { names = append(names, k) })
			s.sub[key] = names
			if err != nil {
				return s
			}
		case string:
			s.kind[key], s.str[key] = '"', v
		case nil:
			s.kind[key] = 'n'
		case bool:
			s.kind[key] = 't'
		default:
			s.kind[key] = '0'
		}
	}
}

// nestedKeys consumes the value opened by open, reporting the member names of
// the object (or of the array's first element, when it is an object).
func nestedKeys(dec *json.Decoder, open json.Delim, name func(string)) error {
	if open == '[' {
		if !dec.More() {
			_, err := dec.Token()
			return err
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == json.Delim('{') {
			if err := nestedKeys(dec, '{', name); err != nil {
				return err
			}
		} else if _, ok := tok.(json.Delim); ok {
			if err := skip(dec); err != nil {
				return err
			}
		}
		return skip(dec)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if k, ok := tok.(string); ok {
			name(k)
		}
		tok, err = dec.Token()
		if err != nil {
			return err
		}
		if _, ok := tok.(json.Delim); ok {
			if err := skip(dec); err != nil {
				return err
			}
		}
	}
	_, err := dec.Token()
	return err
}

// skip consumes the rest of a value whose opening delimiter was read.
func skip(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
