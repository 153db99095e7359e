package csvsrc

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// encoding is the character encoding of a payload, found from its bytes.
type encoding int

const (
	encUTF8    encoding = iota // with or without BOM
	encUTF16LE                 // with BOM FF FE
	encUTF16BE                 // with BOM FE FF
	encCP1258                  // Windows-1258: not valid UTF-8 and no BOM
	encMixed                   // UTF-8 lines and Windows-1258 lines in one file
	encCP1252                  // Windows-1252: Vietnamese saved through a Western code page ("?" for lost letters)
)

func (e encoding) String() string {
	return [...]string{"UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1258", "UTF-8 with Windows-1258 lines", "Windows-1252"}[e]
}

// detectEncoding reads the BOM, if any, and otherwise tells UTF-8 from the
// legacy Vietnamese code page by validity: text that is not valid UTF-8 was
// almost certainly saved by an older Vietnamese Windows or Excel, whose ANSI
// code page is Windows-1258. A payload cut short (a sniffing head) may end
// inside a UTF-8 sequence; that tail does not count against it.
func detectEncoding(b []byte) encoding {
	e, _ := scanEncoding(bytes.NewReader(b))
	return e
}

// scanEncoding is detectEncoding over a reader: it reads r to its end in
// 64 KiB chunks, so a file of any size is classified in constant memory
// (one invalid byte deep in a file decides it, so all of it must be seen).
func scanEncoding(r io.Reader) (encoding, error) {
	chunk := make([]byte, 64<<10)
	buf := make([]byte, 0, len(chunk)+utf8.UTFMax)
	valid, multi, first := true, 0, true
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		eof := err == io.EOF
		if err != nil && !eof {
			return encUTF8, err
		}
		if first && (len(buf) >= 2 || eof) {
			first = false
			switch {
			case bytes.HasPrefix(buf, []byte{0xFF, 0xFE}):
				return encUTF16LE, nil
			case bytes.HasPrefix(buf, []byte{0xFE, 0xFF}):
				return encUTF16BE, nil
			}
		}
		if !first {
			// A sequence cut by the chunk boundary waits for the next
			// chunk; one cut by the end of the payload does not count
			// against it.
			body := trimPartialRune(buf)
			valid = valid && utf8.Valid(body)
			if multi < 3 {
				multi += multiByteRunes(body, 3-multi)
			}
			// Windows-1258 text practically never holds a valid multi-byte
			// UTF-8 sequence; a file with several and some invalid bytes
			// was put together from both (rows appended by another
			// program): decode it line by line
			// (testdata/bad/csv-mixed-encodings). Decoding it all as
			// Windows-1258 garbled the UTF-8 header, and every row was
			// rejected.
			if !valid && multi >= 3 {
				return encMixed, nil
			}
			buf = append(buf[:0], buf[len(body):]...)
		}
		if eof {
			break
		}
	}
	if valid {
		return encUTF8, nil
	}
	return encCP1258, nil
}

// multiByteRunes counts valid multi-byte UTF-8 sequences in b, up to limit.
func multiByteRunes(b []byte, limit int) int {
	n := 0
	for len(b) > 0 && n < limit {
		r, size := utf8.DecodeRune(b)
		if size > 1 && r != utf8.RuneError {
			n++
		}
		b = b[size:]
	}
	return n
}

// decodeMixed keeps the lines that are valid UTF-8 and decodes the others
// as Windows-1258 (brought to NFC, as textReader does).
func decodeMixed(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	dec := transform.Chain(charmap.Windows1258.NewDecoder(), norm.NFC)
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		if utf8.Valid(line) {
			out = append(out, line...)
			continue
		}
		text, _, err := transform.Bytes(dec, line)
		if err != nil {
			text = line // not reached: every byte has a Windows-1258 meaning
		}
		out = append(out, text...)
	}
	return out
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b // ASCII: nothing pending
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// textReader returns the payload as UTF-8 text without a BOM.
//
// Windows-1258 writes Vietnamese tone marks as combining characters after
// the base letter ("Hà" is H, a, U+0300); the decoded text is brought to NFC
// so that it compares equal to the same words typed in Unicode. That is a
// change of encoding, not of content: the characters are canonically
// equivalent.
//
// Mixed files are decoded line by line in memory: they are hand-assembled
// oddities, never the large exports.
func textReader(r io.Reader, e encoding) (io.Reader, error) {
	switch e {
	case encUTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), nil
	case encUTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), nil
	case encCP1258:
		return transform.NewReader(r, transform.Chain(charmap.Windows1258.NewDecoder(), norm.NFC)), nil
	case encCP1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder()), nil
	case encMixed:
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return bytes.NewReader(decodeMixed(bytes.TrimPrefix(b, []byte("\uFEFF")))), nil
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	return br, nil
}

// decodeText decodes at most limit bytes of b (a band from the start), of
// encoding e, to UTF-8 text.
func decodeText(b []byte, e encoding, limit int) string {
	if len(b) > limit {
		b = b[:limit]
	}
	var buf bytes.Buffer
	if r, err := textReader(bytes.NewReader(b), e); err == nil {
		_, _ = io.Copy(&buf, r)
	}
	return buf.String()
}
