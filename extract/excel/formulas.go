package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"log/slog"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
)

// Formulas saved without their result. excelize's row iterator returns a
// formula's cached result, and "" where the writing program saved none
// (some generators and scripts never compute formulas), so such a value
// would vanish as if the cell were empty. uncachedFormulas finds those cells
// in the sheet XML (streamed, and only tokenised in parts that hold a
// formula at all); fillFormulas computes them with CalcCellValue and
// says so in the log.

// uncachedFormulas returns, for one sheet, the cells by row number whose
// formula has no saved value. It streams the part twice at most: once as
// bytes to see whether it holds a formula at all (most data sheets do not),
// and only then as XML tokens; memory stays constant whatever the size.
func uncachedFormulas(parts map[string]*zip.File, sheet string) (map[int][]string, error) {
	f := parts[sheet]
	if f == nil {
		return nil, nil
	}
	if has, err := partContains(f, []byte("<f")); err != nil || !has {
		return nil, err
	}
	out := map[int][]string{}
	var ref string
	var hasF, hasV bool
	err := eachToken(f, UnzipSizeLimit, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				ref, hasF, hasV = "", false, false
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
			case "f":
				hasF = true
			case "v", "is":
				hasV = true
			}
		case xml.EndElement:
			if t.Name.Local == "c" && hasF && !hasV && ref != "" {
				if _, row, err := excelize.CellNameToCoordinates(ref); err == nil {
					out[row] = append(out[row], ref)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// partContains reports whether an inflated zip part contains needle,
// reading it in chunks.
func partContains(f *zip.File, needle []byte) (bool, error) {
	rc, err := f.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	buf := make([]byte, 1<<20)
	carry := 0
	for {
		n, err := io.ReadFull(rc, buf[carry:])
		if bytes.Contains(buf[:carry+n], needle) {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		// Keep the tail, in case the needle straddles two chunks.
		carry = copy(buf, buf[carry+n-len(needle)+1:carry+n])
	}
}

// fillFormulas puts the computed value of each uncached formula of a row
// into cells (extending it as needed). A formula excelize cannot compute
// is kept as its text ("=E3+F3"), so the row is rejected with it, not lost.
func fillFormulas(f *excelize.File, p extract.Payload, sheet string, refs []string, cells []string) []string {
	for _, ref := range refs {
		col, _, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			continue
		}
		for len(cells) < col {
			cells = append(cells, "")
		}
		if cells[col-1] != "" {
			continue
		}
		v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil || v == "" {
			formula, _ := f.GetCellFormula(sheet, ref)
			slog.Warn("xlsx: a formula has no saved result and could not be computed; keeping its text", "uri", p.URI, "sheet", sheet, "cell", ref, "formula", formula, "err", err)
			cells[col-1] = "=" + formula
			continue
		}
		slog.Info("xlsx: a formula had no saved result; computed it", "uri", p.URI, "sheet", sheet, "cell", ref, "value", v)
		cells[col-1] = v
	}
	return cells
}
