package excel

import (
	"archive/zip"
	"fmt"
	"io"
)

// verifyParts inflates every part of a workbook once and checks each
// against the size and CRC-32 its zip header declares.
//
// excelize reads a damaged part as far as it can and reports no error: a
// sheet whose compressed data were damaged near the end gave its first rows
// and silently lost the rest (testdata/bad/xlsx-corrupted-tail), and one
// damaged near the start gave no rows at all, which the decoder could only
// report as a missing header. archive/zip checks both at the end of each
// part, so reading the parts through it first turns damage into an error
// that says which part is damaged, before a single row is emitted. The cost
// is one extra inflate of the parts (about 0.3 s for a million-row sheet).
//
// Every part, not only the sheets: excelize allocates each part's declared
// size up front, so an 8 KB workbook whose docProps/app.xml claimed 900 MB
// made it allocate 900 MB and take 1.9 s, and then decoded without error
// (mutated inputs like it made FuzzDecodeWorkbook take ~2 s an input).
// Once verified, a declared size is the real one.
func verifyParts(uri string, zr *zip.Reader) error {
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > UnzipSizeLimit {
			return fmt.Errorf("%s: %w: the parts unzip to more than %d bytes", uri, ErrNotWorkbook, int64(UnzipSizeLimit))
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w: part %s: %w", uri, ErrNotWorkbook, f.Name, err)
		}
		// archive/zip fails the read that passes the declared size, so a
		// header that lies cannot make this read unbounded.
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w: part %s is damaged: %w", uri, ErrNotWorkbook, f.Name, err)
		}
	}
	return nil
}
