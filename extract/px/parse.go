package px

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// entry is one keyword statement of a PX header,
// KEYWORD[lang]("sub1","sub2")=item,item;
type entry struct {
	keyword string   // upper case
	lang    string   // "" for the default language
	subkeys []string // quoted parts of the parentheses
	items   []string // the value, split at top-level commas; quoted parts joined
	line    int      // 1-based line where the statement starts
}

// lexer walks the raw bytes of a PX file. Text is decoded only after the
// header has said which code page it is in; the syntax itself is ASCII.
type lexer struct {
	b    []byte
	pos  int
	line int
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		switch l.b[l.pos] {
		case '\n':
			l.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		l.pos++
	}
}

func (l *lexer) peek() byte {
	if l.pos < len(l.b) {
		return l.b[l.pos]
	}
	return 0
}

func isKeywordByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// quoted reads a "…" string; the PX format has no escapes.
func (l *lexer) quoted() (string, error) {
	start, line := l.pos, l.line
	l.pos++ // opening quote
	for l.pos < len(l.b) {
		switch l.b[l.pos] {
		case '"':
			l.pos++
			return string(l.b[start+1 : l.pos-1]), nil
		case '\n':
			l.line++
		}
		l.pos++
	}
	return "", fmt.Errorf("line %d: string not closed by '\"'", line)
}

// errNoData is returned for a file whose header never reaches DATA=.
var errNoData = errors.New("no DATA keyword (not a PX file, or truncated)")

// parseHeader reads the keyword statements up to DATA= and returns them with
// the offset and line where the data begin.
func parseHeader(b []byte) (entries []entry, dataPos, dataLine int, err error) {
	l := &lexer{b: b, line: 1}
	for {
		l.skipSpace()
		if l.pos >= len(b) {
			return nil, 0, l.line, errNoData
		}
		e := entry{line: l.line}
		k := l.pos
		for l.pos < len(b) && isKeywordByte(b[l.pos]) {
			l.pos++
		}
		if l.pos == k {
			return nil, 0, l.line, fmt.Errorf("line %d: keyword expected, found %q", l.line, b[l.pos])
		}
		e.keyword = strings.ToUpper(string(b[k:l.pos]))
		l.skipSpace()
		if l.peek() == '[' {
			end := bytes.IndexAny(b[l.pos:], "]\n")
			if end < 0 || b[l.pos+end] != ']' {
				return nil, 0, l.line, fmt.Errorf("line %d: %s: language not closed by ']'", l.line, e.keyword)
			}
			e.lang = strings.TrimSpace(string(b[l.pos+1 : l.pos+end]))
			l.pos += end + 1
			l.skipSpace()
		}
		if l.peek() == '(' {
			l.pos++
			if e.subkeys, err = l.subkeys(e.keyword); err != nil {
				return nil, 0, l.line, err
			}
			l.skipSpace()
		}
		if l.peek() != '=' {
			return nil, 0, l.line, fmt.Errorf("line %d: %s: '=' expected", l.line, e.keyword)
		}
		l.pos++
		if e.keyword == "DATA" && e.lang == "" && e.subkeys == nil {
			return entries, l.pos, l.line, nil
		}
		if e.items, err = l.value(e.keyword, e.line); err != nil {
			return nil, 0, l.line, err
		}
		entries = append(entries, e)
	}
}

// subkeys reads ("a","b") after the opening parenthesis.
func (l *lexer) subkeys(kw string) ([]string, error) {
	subs := []string{}
	for {
		l.skipSpace()
		switch c := l.peek(); {
		case c == ')':
			l.pos++
			return subs, nil
		case c == '"':
			s, err := l.quoted()
			if err != nil {
				return nil, err
			}
			subs = append(subs, s)
		case c == 0 && l.pos >= len(l.b):
			return nil, fmt.Errorf("line %d: %s: '(' not closed", l.line, kw)
		default: // unquoted, as in CELLNOTE(*, …) written by hand
			k := l.pos
			for l.pos < len(l.b) && !strings.ContainsRune(",)\n\"=;", rune(l.b[l.pos])) {
				l.pos++
			}
			if l.pos == k {
				return nil, fmt.Errorf("line %d: %s: unexpected %q in parentheses", l.line, kw, l.b[l.pos])
			}
			subs = append(subs, strings.TrimSpace(string(l.b[k:l.pos])))
		}
		l.skipSpace()
		if l.peek() == ',' {
			l.pos++
		}
	}
}

// value reads a statement's value up to its ';'. Quoted strings that follow
// each other (across line breaks) are one string: that is how PX wraps long
// texts. Commas outside quotes and parentheses separate list items; white
// space outside quotes means nothing.
func (l *lexer) value(kw string, line int) ([]string, error) {
	var items []string
	var cur []byte
	depth := 0
	empty := true // nothing at all before the ';': an empty list
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ';' {
			empty = false
		}
		switch {
		case c == '"':
			s, err := l.quoted()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", kw, err)
			}
			cur = append(cur, s...)
			continue
		case c == ';' && depth == 0:
			l.pos++
			if empty {
				return []string{}, nil
			}
			return append(items, string(cur)), nil
		case c == ',' && depth == 0:
			items = append(items, string(cur))
			cur = cur[:0]
		case c == '\n':
			l.line++
		case c == ' ' || c == '\t' || c == '\r':
		case c == '(':
			depth++
			cur = append(cur, c)
		case c == ')':
			if depth > 0 {
				depth--
			}
			cur = append(cur, c)
		default:
			cur = append(cur, c)
		}
		l.pos++
	}
	return nil, fmt.Errorf("line %d: %s: value not ended by ';'", line, kw)
}

// scanData calls fn for each cell of the data section, from pos to the
// closing ';'. Cells are separated by spaces, tabs, line breaks or commas; a
// cell in quotes ("..", "-") is a data symbol. eof reports that the file
// ended without the ';': Statistics Sweden's own example HA0201E8.px does,
// so that alone is not an error, but the caller must then be sure by the
// count that nothing is missing.
func scanData(b []byte, pos, line int, fn func(tok string, quoted bool, line int) error) (eof bool, err error) {
	for {
		for pos < len(b) {
			c := b[pos]
			if c == '\n' {
				line++
			} else if c != ' ' && c != '\t' && c != '\r' && c != ',' {
				break
			}
			pos++
		}
		if pos >= len(b) {
			return true, nil
		}
		switch b[pos] {
		case ';':
			return false, nil
		case '"':
			end := bytes.IndexByte(b[pos+1:], '"')
			if end < 0 {
				return false, fmt.Errorf("line %d: DATA: string not closed by '\"'", line)
			}
			tok := string(b[pos+1 : pos+1+end])
			if err := fn(tok, true, line); err != nil {
				return false, err
			}
			line += strings.Count(tok, "\n")
			pos += end + 2
		default:
			k := pos
			for pos < len(b) && !isDataSep(b[pos]) {
				pos++
			}
			if err := fn(string(b[k:pos]), false, line); err != nil {
				return false, err
			}
		}
	}
}

func isDataSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '"':
		return true
	}
	return false
}
