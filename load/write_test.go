package load

import (
	"errors"
	"testing"
)

// TestLockHolder picks the holder out of DuckDB's error for a file another
// process holds open, for the message of a writer that gave up waiting.
func TestLockHolder(t *testing.T) {
	tests := []struct {
		msg  string
		held bool
		want string
	}{
		// As measured here with a second process holding the file.
		{`open warehouse w.duckdb: database/sql/driver: could not connect to database: IO Error: Could not set lock on file "/tmp/w.duckdb": Conflicting lock is held in /tmp/holder (PID 16854). See also https://duckdb.org/docs/stable/connect/concurrency`,
			true, "/tmp/holder (PID 16854)"},
		{`IO Error: Could not set lock on file "/d/chitieu.duckdb": Conflicting lock is held in /usr/bin/duckdb (PID 4242) by user ana. See also https://duckdb.org/docs/stable/connect/concurrency`,
			true, "/usr/bin/duckdb (PID 4242) by user ana"},
		{`IO Error: Could not set lock on file "/d/chitieu.duckdb": Resource temporarily unavailable`, true, "unknown process"},
		{`Catalog Error: Table with name x does not exist`, false, "unknown process"},
	}
	for _, tt := range tests {
		err := errors.New(tt.msg)
		if got := heldByOtherProcess(err); got != tt.held {
			t.Errorf("heldByOtherProcess(%q) = %v, want %v", tt.msg, got, tt.held)
		}
		if got := lockHolder(err); got != tt.want {
			t.Errorf("lockHolder(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}
