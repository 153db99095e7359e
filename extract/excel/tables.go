package excel

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
)

// decodeTables reads a workbook that is not an agency report: each sheet is
// searched for a statistical table, whose value cells are unpivoted.
func decodeTables(ctx context.Context, f *excelize.File, p extract.Payload, out extract.Sink) error {
	return fmt.Errorf("%s: no \"Số liệu\" sheet of the agency report template, and generic tables are not read yet: %w", p.URI, ErrNotWorkbook)
}
