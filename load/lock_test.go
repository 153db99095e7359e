package load

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot start a child process: %v", err)
	}
	return cmd.Process.Pid
}

func writeLock(t *testing.T, db string, info LockInfo) {
	t.Helper()
	b, _ := json.Marshal(info)
	if err := os.WriteFile(LockPath(db), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLockExcludesAndNamesHolder(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	l, err := AcquireLock(ctx, db, LockOptions{Command: "chitieu schedule"})
	if err != nil {
		t.Fatal(err)
	}
	info, err := ReadLock(db)
	host, _ := os.Hostname()
	if err != nil || info.PID != os.Getpid() || info.Host != host || info.Started.IsZero() || info.Command != "chitieu schedule" {
		t.Fatalf("lock file says %+v, %v", info, err)
	}

	_, err = AcquireLock(ctx, db, LockOptions{})
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: got %v, want a LockedError", err)
	}
	for _, want := range []string{"another chitieu is writing", "pid " + itoa(os.Getpid()), host, "chitieu schedule", "--wait"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not contain %q", err, want)
		}
	}

	// A waiter gets the lock once the holder releases it.
	go func() {
		time.Sleep(150 * time.Millisecond)
		l.Release()
	}()
	start := time.Now()
	l2, err := AcquireLock(ctx, db, LockOptions{Wait: 5 * time.Second, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("waiter: %v", err)
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Errorf("the waiter got the lock after %s, before it was released", time.Since(start))
	}
	// A waiter whose wait runs out says how long it waited.
	_, err = AcquireLock(ctx, db, LockOptions{Wait: 100 * time.Millisecond, Poll: 20 * time.Millisecond})
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "gave up after waiting") {
		t.Errorf("timed-out waiter: %v", err)
	}
	// Cancelling the wait returns promptly.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := AcquireLock(cctx, db, LockOptions{Wait: time.Hour, Poll: 10 * time.Millisecond}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled waiter: %v", err)
	}
	if err := l2.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadLock(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock file left after release: %v", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestStaleLockIsTakenOver(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	host, _ := os.Hostname()
	dead := deadPID(t)
	writeLock(t, db, LockInfo{PID: dead, Host: host, Started: time.Now().Add(-time.Hour), Command: "chitieu run"})
	l, err := AcquireLock(ctx, db, LockOptions{})
	if err != nil {
		t.Fatalf("stale lock of dead pid %d not taken over: %v", dead, err)
	}
	if info, _ := ReadLock(db); info.PID != os.Getpid() {
		t.Errorf("lock now says pid %d, want ours", info.PID)
	}
	l.Release()

	// The same dead pid on another host: chitieu cannot tell, so it waits.
	writeLock(t, db, LockInfo{PID: dead, Host: host + "-elsewhere", Started: time.Now()})
	if _, err := AcquireLock(ctx, db, LockOptions{}); !errors.Is(err, ErrLocked) {
		t.Errorf("lock of another host: got %v, want ErrLocked", err)
	}
	// A live process (ourselves, as another holder would be) is not stale.
	writeLock(t, db, LockInfo{PID: os.Getppid(), Host: host, Started: time.Now()})
	if _, err := AcquireLock(ctx, db, LockOptions{}); !errors.Is(err, ErrLocked) {
		t.Errorf("lock of live pid %d: got %v, want ErrLocked", os.Getppid(), err)
	}
	// Release does not remove a lock that is not ours.
	mine := &Lock{path: LockPath(db), info: LockInfo{PID: os.Getpid(), Host: host, Started: time.Now()}}
	if err := mine.Release(); err == nil {
		t.Error("released another holder's lock")
	}
	if _, err := ReadLock(db); err != nil {
		t.Errorf("the other holder's lock is gone: %v", err)
	}
}

// TestLockMutualExclusion: many writers, some racing to take over the same
// stale lock, never hold it two at a time.
func TestLockMutualExclusion(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	host, _ := os.Hostname()
	writeLock(t, db, LockInfo{PID: deadPID(t), Host: host, Started: time.Now()})
	var holders, maxHolders, done atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := AcquireLock(ctx, db, LockOptions{Wait: 20 * time.Second, Poll: 5 * time.Millisecond})
			if err != nil {
				t.Error(err)
				return
			}
			n := holders.Add(1)
			for {
				m := maxHolders.Load()
				if n <= m || maxHolders.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(10 * time.Millisecond)
			holders.Add(-1)
			if err := l.Release(); err != nil {
				t.Error(err)
			}
			done.Add(1)
		}()
	}
	wg.Wait()
	if maxHolders.Load() != 1 || done.Load() != 8 {
		t.Errorf("at most %d writers held the lock at once (want 1); %d of 8 got it", maxHolders.Load(), done.Load())
	}
}
