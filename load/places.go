package load

import (
	"context"
	"fmt"
	"strings"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// placesPerInsert bounds the rows of one INSERT: a payload keeps a handful
// of places (Statistics Norway's 12 municipalities), rarely thousands.
const placesPerInsert = 500

// recordPlaces adds to source_places the places the payload kept in its own
// scheme that the warehouse does not know yet, with the labels the source
// gives them, so that an analyst can read scb_BE0101F1nildotsymbols:01 as
// Stockholm county.
func (r *Run) recordPlaces(ctx context.Context, st *Staged) error {
	for start := 0; start < len(st.Places); start += placesPerInsert {
		chunk := st.Places[start:min(start+placesPerInsert, len(st.Places))]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 5*len(chunk))
		for i, p := range chunk {
			rows[i] = "(?, ?, ?, ?, ?)"
			args = append(args, p.GeoCode, st.Payload.Source, p.Code, nullIfEmpty(p.Label), st.PayloadID)
		}
		q := strings.ReplaceAll(sqlfiles.Load("merge_places"), "{{values}}", strings.Join(rows, ", "))
		if _, err := r.conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("record kept places: %w", err)
		}
	}
	return nil
}
