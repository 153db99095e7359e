package load

// The writer lock. DuckDB lets one process open a file for writing; a second
// writer fails at once with an opaque "Could not set lock on file" error, and
// a reader holding the file open makes the writer fail the same way. chitieu
// therefore takes its own lock, <db>.lock, before it opens the warehouse for
// writing, so that the daemon and a manual 'chitieu run' queue behind one
// another with a message that names the holder, instead of racing DuckDB.
//
// The lock file holds JSON (pid, host, start time, command). It is created
// atomically with its content: written to a temporary file and hard-linked
// into place, so no one ever reads a half-written lock (link fails if the
// name exists, like O_EXCL). On file systems without hard links it falls back
// to O_CREATE|O_EXCL. A lock whose holder is a dead process on this host
// (syscall.Kill(pid, 0) says ESRCH) is stale: it is taken over, under a short
// take-over guard so two waiters cannot both take it. A lock held on another
// host is never judged stale: chitieu cannot see that host's processes.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockInfo says who holds the writer lock.
type LockInfo struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command,omitempty"`
}

func (i LockInfo) String() string {
	s := fmt.Sprintf("pid %d on %s since %s", i.PID, i.Host, i.Started.Local().Format("2006-01-02 15:04:05 MST"))
	if i.Command != "" {
		s += fmt.Sprintf(" (%s)", i.Command)
	}
	return s
}

// ErrLocked is wrapped by the error returned when another writer holds the
// lock and the wait ran out.
var ErrLocked = errors.New("the warehouse is locked by another writer")

// LockedError names the writer that holds the lock.
type LockedError struct {
	Path   string // the lock file
	Holder LockInfo
	Waited time.Duration
}

func (e *LockedError) Error() string {
	msg := fmt.Sprintf("%s: another chitieu is writing the warehouse: %s", e.Path, e.Holder)
	if e.Waited > 0 {
		msg += fmt.Sprintf("; gave up after waiting %s", e.Waited.Round(time.Millisecond))
	} else {
		msg += "; try again when it has finished, or pass --wait 30m to queue behind it"
	}
	return msg
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// LockOptions control AcquireLock.
type LockOptions struct {
	Wait    time.Duration // how long to wait for the holder; 0 = fail at once
	Poll    time.Duration // how often to look again while waiting; 500ms if 0
	Command string        // recorded in the lock for others' messages
	Logger  *slog.Logger
}

// Lock is a held writer lock.
type Lock struct {
	path string
	info LockInfo
}

// LockPath is the lock file of the warehouse at db.
func LockPath(db string) string { return db + ".lock" }

// Info is what the lock file says about its holder.
func (l *Lock) Info() LockInfo { return l.info }

// AcquireLock takes the writer lock of the warehouse at db, waiting up to
// opt.Wait for another holder to finish. A stale lock left by a dead process
// on this host is taken over.
func AcquireLock(ctx context.Context, db string, opt LockOptions) (*Lock, error) {
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	poll := opt.Poll
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	host, _ := os.Hostname()
	l := &Lock{path: LockPath(db), info: LockInfo{PID: os.Getpid(), Host: host, Started: time.Now().UTC(), Command: opt.Command}}
	body, err := json.Marshal(l.info)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	announced := false
	for {
		err := createExclusive(l.path, body)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("writer lock %s: %w", l.path, err)
		}
		holder, rerr := ReadLock(db)
		switch {
		case errors.Is(rerr, fs.ErrNotExist):
			continue // released between our create and our read: try again
		case rerr != nil:
			return nil, rerr
		}
		if stale(holder, host) {
			log.Warn("taking over a stale writer lock: its process is gone", "lock", l.path, "holder", holder.String())
			if err := takeOver(l.path, holder); err != nil {
				return nil, err
			}
			continue
		}
		waited := time.Since(start)
		if waited >= opt.Wait {
			return nil, &LockedError{Path: l.path, Holder: holder, Waited: opt.Wait}
		}
		if !announced {
			log.Info("waiting for the writer lock", "lock", l.path, "holder", holder.String(), "wait", opt.Wait)
			announced = true
		}
		t := time.NewTimer(min(poll, opt.Wait-waited))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for writer lock %s held by %s: %w", l.path, holder, ctx.Err())
		case <-t.C:
		}
	}
}

// Release removes the lock if it is still ours.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	cur, err := readLockFile(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil && (cur.PID != l.info.PID || cur.Host != l.info.Host || !cur.Started.Equal(l.info.Started)) {
		return fmt.Errorf("writer lock %s now belongs to %s; left in place", l.path, cur)
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("release writer lock: %w", err)
	}
	return nil
}

// ReadLock returns who holds the writer lock of the warehouse at db; the
// error wraps fs.ErrNotExist when no one does.
func ReadLock(db string) (LockInfo, error) {
	info, err := readLockFile(LockPath(db))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return info, fmt.Errorf("writer lock %s: %w", LockPath(db), err)
	}
	return info, err
}

func readLockFile(path string) (LockInfo, error) {
	var info LockInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("unreadable lock file (remove it if no chitieu is running): %w", err)
	}
	return info, nil
}

// stale reports whether the holder is a process on this host that no longer
// exists. Signal 0 checks existence without sending anything; EPERM means
// the process exists but belongs to another user.
func stale(h LockInfo, host string) bool {
	if h.Host != host || h.PID <= 0 {
		return false
	}
	if h.PID == os.Getpid() {
		return false
	}
	return errors.Is(syscall.Kill(h.PID, 0), syscall.ESRCH)
}

// createExclusive creates path with body, failing with fs.ErrExist if it
// exists. The body is written to a temporary file first and linked into
// place, so the lock never exists half-written.
func createExclusive(path string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp.Name(), path)
	var le *os.LinkError
	if err == nil || errors.Is(err, fs.ErrExist) || !errors.As(err, &le) {
		return err
	}
	// No hard links here (some network or FUSE file systems): O_EXCL.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(body)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// takeOver removes a stale lock, under a guard file so that of two waiters
// that both judged it stale only one removes it; the other finds the new
// holder's lock on its next try. A guard older than a minute was left by a
// process killed in the middle of a take-over and is removed.
func takeOver(path string, holder LockInfo) error {
	guard := path + ".takeover"
	if err := createExclusive(guard, []byte(fmt.Sprint(os.Getpid()))); err != nil {
		if errors.Is(err, fs.ErrExist) {
			if fi, serr := os.Stat(guard); serr == nil && time.Since(fi.ModTime()) > time.Minute {
				os.Remove(guard)
			}
			time.Sleep(10 * time.Millisecond)
			return nil
		}
		return fmt.Errorf("writer lock %s: take over: %w", path, err)
	}
	defer os.Remove(guard)
	cur, err := readLockFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("writer lock %s: %w", path, err)
	}
	if cur != holder {
		return nil // someone else took it over meanwhile: look again
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("writer lock %s: remove stale lock: %w", path, err)
	}
	return nil
}
