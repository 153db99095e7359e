package excel

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// sheetMerges reads the merged ranges of every worksheet straight from the
// workbook's zip parts. excelize's GetMergeCells parses a whole sheet into
// memory and its row iterator then serialises it back, which cost 3.5 s of
// a 5 s read of a 13,000-row sheet here; the <mergeCells> element sits after
// <sheetData>, so it is found by scanning the inflated part for it and
// decoding only that element. Takes the parts from sheetParts; returns
// merges by sheet name.
func sheetMerges(parts map[string]*zip.File) (map[string][]yearbook.Range, error) {
	out := map[string][]yearbook.Range{}
	for name, f := range parts {
		ranges, err := mergesOf(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		out[name] = ranges
	}
	return out, nil
}

// sheetParts maps each worksheet's name to its zip part, through
// xl/workbook.xml and its relationships.
func sheetParts(zr *zip.Reader) (map[string]*zip.File, error) {
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(parts["xl/workbook.xml"], &wb); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	if err := decodePart(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]*zip.File{}
	for _, s := range wb.Sheets {
		if f := parts[target[s.RID]]; f != nil {
			out[s.Name] = f
		}
	}
	return out, nil
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return fmt.Errorf("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, UnzipXMLSizeLimit)).Decode(v)
}

// eachToken streams the XML tokens of a zip part (at most limit inflated
// bytes) to fn, in constant memory, until the part ends or fn fails.
func eachToken(f *zip.File, limit int64, fn func(xml.Token)) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, limit))
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fn(tok)
	}
}

// mergesOf streams one worksheet part, skipping everything up to
// <mergeCells>, and decodes the ranges.
func mergesOf(f *zip.File) ([]yearbook.Range, error) {
	var out []yearbook.Range
	err := eachToken(f, UnzipSizeLimit, func(tok xml.Token) {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "mergeCell" {
			return
		}
		for _, a := range se.Attr {
			if a.Name.Local != "ref" {
				continue
			}
			from, to, _ := strings.Cut(a.Value, ":")
			if to == "" {
				to = from
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(from)
			c2, r2, err2 := excelize.CellNameToCoordinates(to)
			if err1 == nil && err2 == nil {
				out = append(out, yearbook.Range{FromRow: r1, ToRow: r2, FromCol: c1 - 1, ToCol: c2 - 1})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
