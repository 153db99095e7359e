package excel

import (
	"archive/zip"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// GSO's workbooks show that an item is a sub-item of the one above by the
// cell's indent (Format Cells → Alignment → Indent), not by leading spaces:
// "Tổng số", then "Cá", "Tôm" indented twice, "Nuôi trồng" once and its
// "Cá", "Tôm" twice again. excelize's row iterator gives text only, so
// without the indent the second "Cá" reads as the first one again and its
// values are rejected as duplicates. indentStyles reads which cell styles
// indent, labelIndents which label cells of a sheet use them, and the sheet
// reader turns each level into leading spaces, the form the table finder
// reads.

// labelCols is how many columns from A can hold an item's label.
const labelCols = 4

// indentStyles returns the indent level of each cell style (the index of
// <xf> in <cellXfs> of xl/styles.xml), or nil when no style indents (then
// no sheet needs to be scanned for them).
func indentStyles(zr *zip.Reader) ([]int, error) {
	var styles *zip.File
	for _, f := range zr.File {
		if f.Name == "xl/styles.xml" {
			styles = f
		}
	}
	if styles == nil {
		return nil, nil
	}
	var levels []int
	in, any := false, false
	err := eachToken(styles, UnzipXMLSizeLimit, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "cellXfs":
				in = true
			case in && t.Name.Local == "xf":
				levels = append(levels, 0)
			case in && t.Name.Local == "alignment" && len(levels) > 0:
				for _, a := range t.Attr {
					if a.Name.Local == "indent" {
						if n, err := strconv.Atoi(a.Value); err == nil && n > 0 && n < 16 {
							levels[len(levels)-1], any = n, true
						}
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				in = false
			}
		}
	})
	if err != nil || !any {
		return nil, err
	}
	return levels, nil
}

// labelIndents streams one worksheet part and returns the indent level of
// its indented cells in the first labelCols columns, by row and column
// (0-based). Memory grows with the indented label cells only.
func labelIndents(f *zip.File, levels []int) (map[int]map[int]int, error) {
	if f == nil || levels == nil {
		return nil, nil
	}
	out := map[int]map[int]int{}
	err := eachToken(f, UnzipSizeLimit, func(tok xml.Token) {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "c" {
			return
		}
		var ref string
		style := -1
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "r":
				ref = a.Value
			case "s":
				style, _ = strconv.Atoi(a.Value)
			}
		}
		if style <= 0 || style >= len(levels) || levels[style] == 0 || ref == "" {
			return
		}
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil || col > labelCols {
			return
		}
		if out[row] == nil {
			out[row] = map[int]int{}
		}
		out[row][col-1] = levels[style]
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// indentCells puts each indented label cell's level in front of its text
// as spaces (four a level, so one level outweighs a stray space).
func indentCells(cells []string, indents map[int]int) {
	for c, n := range indents {
		if c < len(cells) && strings.TrimSpace(cells[c]) != "" {
			cells[c] = strings.Repeat("    ", n) + cells[c]
		}
	}
}
