package load

import (
	"errors"
	"fmt"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// spill sets Arrow batches aside in a file next to the warehouse while
// DuckDB reads the stream they came from, to be read back afterwards: one
// pass of DuckDB over a stream feeds one table, and what the other tables
// need (rejected rows, a payload's series) must not pile up in memory.
type spill struct {
	dir, what string // where the file goes ("" for the temp dir); what it holds, for errors
	schema    *arrow.Schema
	f         *os.File
	w         *ipc.Writer
}

// write appends a batch, creating the file on the first.
func (s *spill) write(rec arrow.RecordBatch) error {
	if s.w == nil {
		if s.f != nil {
			return fmt.Errorf("set %s aside: the spill was already read back", s.what)
		}
		f, err := os.CreateTemp(s.dir, ".chitieu-spill-*.arrows")
		if err != nil {
			return fmt.Errorf("set %s aside: %w", s.what, err)
		}
		// Unlinked at once and used through its descriptor: a killed
		// process leaves no spill file behind.
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return fmt.Errorf("set %s aside: %w", s.what, err)
		}
		s.f = f
		s.w = ipc.NewWriter(f, ipc.WithSchema(s.schema))
	}
	if err := s.w.Write(rec); err != nil {
		return fmt.Errorf("set %s aside in %s: %w", s.what, s.f.Name(), err)
	}
	return nil
}

// reader closes the writing side and returns a reader over what was set
// aside, nil if nothing was.
func (s *spill) reader() (array.RecordReader, error) {
	if s.w == nil {
		return nil, nil
	}
	if err := s.w.Close(); err != nil {
		return nil, fmt.Errorf("set %s aside in %s: %w", s.what, s.f.Name(), err)
	}
	s.w = nil
	if _, err := s.f.Seek(0, 0); err != nil {
		return nil, fmt.Errorf("read back the %s from %s: %w", s.what, s.f.Name(), err)
	}
	rd, err := ipc.NewReader(s.f, ipc.WithSchema(s.schema))
	if err != nil {
		return nil, fmt.Errorf("read back the %s from %s: %w", s.what, s.f.Name(), err)
	}
	return rd, nil
}

// close closes the file, if there is one.
func (s *spill) close() error {
	if s.f == nil {
		return nil
	}
	var err error
	if s.w != nil {
		err = s.w.Close()
		s.w = nil
	}
	err = errors.Join(err, s.f.Close())
	s.f = nil
	return err
}
