package load

// Run history for people and for the scheduler: what each run did per
// source (chitieu runs), each source's freshness (chitieu sources), and when
// each job last ran (the scheduler's catch-up). The SQL is in sql/load.

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// RunRecord is one row of etl_runs with the payloads the run read.
type RunRecord struct {
	ID            int64       `json:"run_id"`
	Job           string      `json:"job"`
	Command       string      `json:"command"`
	Started       time.Time   `json:"started_at"`
	Finished      *time.Time  `json:"finished_at"` // nil while running or when interrupted
	Status        RunStatus   `json:"status"`
	SourcesTotal  int64       `json:"sources_total"`
	SourcesFailed int64       `json:"sources_failed"`
	Unchanged     int64       `json:"sources_unchanged"`
	Read          int64       `json:"rows_read"`
	Loaded        int64       `json:"rows_loaded"`
	New           int64       `json:"rows_new"`
	Rejected      int64       `json:"rows_rejected"`
	Message       string      `json:"message,omitempty"`
	Host          string      `json:"host,omitempty"`
	PID           int64       `json:"pid,omitempty"`
	Sources       []RunSource `json:"sources"`
}

// Duration is how long the run took; zero if it did not finish.
func (r RunRecord) Duration() time.Duration {
	if r.Finished == nil {
		return 0
	}
	return r.Finished.Sub(r.Started)
}

// RunSource is one payload a run read.
type RunSource struct {
	Name     string        `json:"source"`
	URI      string        `json:"uri"`
	Status   PayloadStatus `json:"status"`
	Read     int64         `json:"rows_read"`
	Loaded   int64         `json:"rows_loaded"`
	New      int64         `json:"rows_new"`
	Rejected int64         `json:"rows_rejected"`
	Error    string        `json:"error,omitempty"`
}

// Runs returns the last n runs, newest first.
func (w *Warehouse) Runs(ctx context.Context, n int) ([]RunRecord, error) {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("runs"), n)
	if err != nil {
		return nil, fmt.Errorf("%s: run history: %w", w.path, err)
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var r RunRecord
		var finished sql.NullTime
		var cmd, msg, host, src, uri, srcStatus, srcErr sql.NullString
		var pid, sRead, sLoaded, sNew, sRej sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Job, &cmd, &r.Started, &finished, &r.Status,
			&r.SourcesTotal, &r.SourcesFailed, &r.Unchanged, &r.Read, &r.Loaded, &r.New, &r.Rejected,
			&msg, &host, &pid, &src, &uri, &srcStatus, &sRead, &sLoaded, &sNew, &sRej, &srcErr); err != nil {
			return nil, fmt.Errorf("%s: run history: %w", w.path, err)
		}
		if len(out) == 0 || out[len(out)-1].ID != r.ID {
			r.Command, r.Message, r.Host, r.PID = cmd.String, msg.String, host.String, pid.Int64
			if finished.Valid {
				t := finished.Time
				r.Finished = &t
			}
			out = append(out, r)
		}
		if src.Valid {
			last := &out[len(out)-1]
			last.Sources = append(last.Sources, RunSource{Name: src.String, URI: uri.String, Status: PayloadStatus(srcStatus.String),
				Read: sRead.Int64, Loaded: sLoaded.Int64, New: sNew.Int64, Rejected: sRej.Int64, Error: srcErr.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: run history: %w", w.path, err)
	}
	return out, nil
}

// SourceStatus is a source's freshness as the warehouse records it.
type SourceStatus struct {
	Name        string
	LastSuccess *time.Time // last fetch that loaded or found the payload unchanged
	Vintage     *time.Time // newest vintage loaded
	Sample      bool
	LastAttempt time.Time
	LastStatus  PayloadStatus
	LastError   string
}

// SourcesStatus returns every source name the warehouse has read, by name.
func (w *Warehouse) SourcesStatus(ctx context.Context) ([]SourceStatus, error) {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("sources_status"))
	if err != nil {
		return nil, fmt.Errorf("%s: source status: %w", w.path, err)
	}
	defer rows.Close()
	var out []SourceStatus
	for rows.Next() {
		var s SourceStatus
		var ok, vintage sql.NullTime
		var lastErr sql.NullString
		if err := rows.Scan(&s.Name, &ok, &vintage, &s.Sample, &s.LastAttempt, &s.LastStatus, &lastErr); err != nil {
			return nil, fmt.Errorf("%s: source status: %w", w.path, err)
		}
		if ok.Valid {
			t := ok.Time
			s.LastSuccess = &t
		}
		if vintage.Valid {
			t := vintage.Time
			s.Vintage = &t
		}
		s.LastError = lastErr.String
		out = append(out, s)
	}
	return out, rows.Err()
}

// JobLastRuns returns when each job last ran to an end (succeeded, partial
// or failed), for the scheduler's catch-up.
func (w *Warehouse) JobLastRuns(ctx context.Context) (map[string]time.Time, error) {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("job_last_runs"))
	if err != nil {
		return nil, fmt.Errorf("%s: last run of each job: %w", w.path, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var job string
		var t time.Time
		if err := rows.Scan(&job, &t); err != nil {
			return nil, fmt.Errorf("%s: last run of each job: %w", w.path, err)
		}
		out[job] = t.UTC()
	}
	return out, rows.Err()
}
