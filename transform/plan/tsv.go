package plan

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing wrong in a plan's data files, placed the way an
// editor places it: file, line and column (the column's 1-based number and
// its name from the file's header), so whoever keeps the files can go
// straight to the cell.
type Problem struct {
	File   string
	Line   int    // 1-based; 0 for a problem of the whole file
	Column int    // 1-based field number; 0 for a problem of the whole line
	Name   string // the column's name, when Column > 0
	Msg    string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	if p.Name != "" {
		fmt.Fprintf(&b, " (%s)", p.Name)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// Problems are every problem found in a plan's files; reading goes on after
// the first so that one `chitieu plan check` lists them all.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// err returns ps as an error, or nil when there is none.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// fieldErr is an error about one field of a record: eachRecord places it at
// the field's column.
type fieldErr struct {
	col int // 0-based
	msg string
}

func (e fieldErr) Error() string { return e.msg }

// bad is the error of field col (0-based) of a record.
func bad(col int, format string, args ...any) error {
	return fieldErr{col, fmt.Sprintf(format, args...)}
}

// table is one TSV file of a plan or of the reference data: its name, its
// columns (as its header comment names them) and what to do with a record.
type table struct {
	name    string
	text    []byte
	columns []string
	add     func([]string) error
}

// read calls t.add on every record of the file (blank lines and lines
// starting with # are comments) and returns every problem, placed, and the
// line of each record added.
func (t table) read() (ps Problems, lines []int) {
	sc := bufio.NewScanner(bytes.NewReader(t.text))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			// a byte-order mark, as Excel and Notepad write UTF-8
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != len(t.columns) {
			ps = append(ps, Problem{File: t.name, Line: line,
				Msg: fmt.Sprintf("%d fields, want %d (%s), separated by tabs", len(f), len(t.columns), strings.Join(t.columns, ", "))})
			continue
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if err := t.add(f); err != nil {
			ps = append(ps, t.place(line, err))
			continue
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		ps = append(ps, Problem{File: t.name, Line: line, Msg: err.Error()})
	}
	return ps, lines
}

// place turns an error of a record into a Problem at its line and, for a
// fieldErr, its column.
func (t table) place(line int, err error) Problem {
	p := Problem{File: t.name, Line: line, Msg: err.Error()}
	var fe fieldErr
	if errors.As(err, &fe) {
		p.Column = fe.col + 1
		p.Name = t.columns[fe.col]
	}
	return p
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// optFloat reads an optional number in field col of f.
func optFloat(f []string, col int) (*float64, error) {
	if f[col] == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(f[col], 64)
	if err != nil {
		return nil, bad(col, "%q is not a number (write 7.5, with a point)", f[col])
	}
	return &v, nil
}

// number reads a required number in field col of f.
func number(f []string, col int) (float64, error) {
	v, err := optFloat(f, col)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, bad(col, "a number is required")
	}
	return *v, nil
}

// integer reads a required whole number in field col of f.
func integer(f []string, col int) (int, error) {
	v, err := strconv.Atoi(f[col])
	if err != nil {
		return 0, bad(col, "%q is not a whole number", f[col])
	}
	return v, nil
}
