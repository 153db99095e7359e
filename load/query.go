package load

import (
	"context"
	"database/sql"
	"fmt"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// KPIQuery selects the rows of kpi_status to show.
type KPIQuery struct {
	Year int  // 0: each KPI's latest year with data
	All  bool // every year 2020–2025
}

// KPIStatus returns the KPI table as 'chitieu kpi' prints it.
func (w *Warehouse) KPIStatus(ctx context.Context, q KPIQuery) (*sql.Rows, error) {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("kpi_report"), q.Year, q.All)
	if err != nil {
		return nil, fmt.Errorf("%s: kpi_status: %w", w.path, err)
	}
	return rows, nil
}
