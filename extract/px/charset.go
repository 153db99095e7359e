package px

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// textDecoder returns the function that turns the file's text bytes into
// UTF-8, following the PX rules:
//
//   - CODEPAGE names the code page ("iso-8859-1", "windows-1252", "utf-8");
//     it wins over CHARSET, which older files carry alongside it.
//   - CHARSET="ANSI" without CODEPAGE means the Windows code page; PX-Web and
//     PC-Axis mean Windows-1252 (the Latin-1 superset) by it.
//   - With neither, the specification says the text is DOS text. A file that
//     is valid UTF-8 (plain ASCII included) is read as UTF-8, otherwise as
//     DOS code page 850.
//
// A file that declares UTF-8 but is not valid UTF-8 was almost always saved
// in Windows-1252 and re-labelled; it is read as Windows-1252 rather than
// filled with replacement characters.
func textDecoder(codepage, charset string, body []byte) (func(string) (string, error), error) {
	identity := func(s string) (string, error) { return s, nil }
	cp := strings.ToLower(strings.TrimSpace(codepage))
	var enc encoding.Encoding
	switch {
	case cp == "utf-8" || cp == "utf8":
		if utf8.Valid(body) {
			return identity, nil
		}
		enc = charmap.Windows1252
	case cp != "":
		var err error
		enc, err = ianaindex.IANA.Encoding(cp)
		if err != nil || enc == nil {
			if enc, err = htmlindex.Get(cp); err != nil {
				return nil, fmt.Errorf("CODEPAGE %q is not a known character set", codepage)
			}
		}
	case strings.EqualFold(strings.TrimSpace(charset), "ANSI"):
		enc = charmap.Windows1252
	case utf8.Valid(body):
		return identity, nil
	default:
		enc = charmap.CodePage850
	}
	if enc == nil {
		return identity, nil
	}
	d := enc.NewDecoder()
	return func(s string) (string, error) {
		if isASCII(s) {
			return s, nil
		}
		return d.String(s)
	}, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
