package schedules

// Retries within a run. The HTTP client (extract/fetch) already retries one
// request for a few seconds; this is the slower layer on top, in minutes: an
// agency's server that is down for maintenance at 02:00, or an inbox share
// that is not mounted yet. Only reading or fetching a source is retried:
// a payload that was read but does not decode is the same bytes the next
// time, so it fails at once and goes to the run history with its reason.
//
// Waiting goes through the Clock, so tests drive a run with three retries
// and fifteen minutes of backoff without sleeping.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/hanoi-sti/chitieu/extract/fetch"
)

// Clock is the scheduler's time: Now for schedules, history and staleness,
// Sleep for backoff. Tests inject a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits on a timer.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error { return fetch.SleepContext(ctx, d) }

// Delay is the wait before try n+1 (n ≥ 1): Backoff·2^(n-1), at most
// MaxBackoff. No jitter: one process retries one source, so there is no
// herd to spread out, and fixed delays keep the logs readable.
func (p RetryPolicy) Delay(n int) time.Duration {
	d := p.Backoff.Duration
	for i := 1; i < n && d < p.MaxBackoff.Duration; i++ {
		d *= 2
	}
	return min(d, p.MaxBackoff.Duration)
}

// Do calls fn until it succeeds, the attempts are used up, the error is
// permanent, or ctx is done. The error returned says how many attempts were
// made and wraps the last failure.
func (p RetryPolicy) Do(ctx context.Context, clock Clock, log *slog.Logger, source string, fn func(context.Context) error) error {
	attempts := max(p.Attempts, 1)
	for n := 1; ; n++ {
		err := fn(ctx)
		if err == nil {
			if n > 1 {
				log.Info("source succeeded on a retry", "source", source, "attempt", n)
			}
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if n >= attempts || Permanent(err) {
			if n > 1 {
				return fmt.Errorf("gave up after %d attempts: %w", n, err)
			}
			return err
		}
		d := p.Delay(n)
		log.Warn("source failed; retrying", "source", source, "attempt", n, "of", attempts, "in", d, "err", err)
		if serr := clock.Sleep(ctx, d); serr != nil {
			return fmt.Errorf("retry of source %s cancelled after %d attempts: %w", source, n, err)
		}
	}
}

// Permanent reports whether trying again cannot help: the server said the
// request itself is wrong (4xx other than 408 Request Timeout and 429 Too
// Many Requests).
func Permanent(err error) bool {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 && se.Code != http.StatusRequestTimeout && se.Code != http.StatusTooManyRequests
	}
	return false
}

// retrier adapts a policy to Pipeline.Retry.
func retrier(p RetryPolicy, clock Clock, log *slog.Logger) func(context.Context, string, func(context.Context) error) error {
	return func(ctx context.Context, source string, fn func(context.Context) error) error {
		return p.Do(ctx, clock, log, source, fn)
	}
}
