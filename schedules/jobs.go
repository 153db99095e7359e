package schedules

// Job definitions: what 'chitieu schedule' runs and when. They are data
// (schedules/jobs.toml), not code, so that an operator can move the monthly
// refresh or add a run before a reporting deadline without a new build.
//
// Cron specs are parsed by robfig/cron/v3 with an optional seconds field and
// the @monthly-style descriptors. The time zone is a field of the job, not
// part of the spec (the parser's CRON_TZ= prefix is added here), and defaults
// to Asia/Ho_Chi_Minh: the plan's deadlines are Hà Nội dates, and the host
// may well run in UTC. time/tzdata is linked in so that the zone resolves on
// minimal hosts and containers that ship no zoneinfo.

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	_ "time/tzdata"

	"github.com/BurntSushi/toml"
	"github.com/robfig/cron/v3"
)

// DefaultTimeZone is the zone of job schedules that name none.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// CronParser parses job schedules: five fields (minute hour day-of-month
// month day-of-week), or six with seconds first, or a descriptor such as
// @monthly.
var CronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Duration is a time.Duration written as "90s", "2m", "1h30m" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("duration %s is negative", b)
	}
	d.Duration = v
	return nil
}

// RetryPolicy says how a failed source is tried again within one run.
type RetryPolicy struct {
	Attempts   int      `toml:"attempts"`    // tries in all, first included; default 3
	Backoff    Duration `toml:"backoff"`     // wait before the second try; doubles each time; default 1m
	MaxBackoff Duration `toml:"max_backoff"` // longest wait; default 10m
}

// Job is one scheduled job.
type Job struct {
	Name        string      `toml:"name"`
	Schedule    string      `toml:"schedule"`  // cron spec, seconds optional
	TimeZone    string      `toml:"time_zone"` // IANA zone; default Asia/Ho_Chi_Minh
	Sources     []string    `toml:"sources"`   // source names in the sources file; empty = all
	Retry       RetryPolicy `toml:"retry"`
	CatchUp     *bool       `toml:"catch_up"` // run once at start-up if a slot was missed; default true
	Description string      `toml:"description"`

	loc   *time.Location
	sched cron.Schedule
}

// JobFile is a jobs file: defaults and the jobs.
type JobFile struct {
	TimeZone    string `toml:"time_zone"`    // default zone of the jobs
	SourcesFile string `toml:"sources_file"` // relative to the jobs file; default sources.toml
	Jobs        []*Job `toml:"job"`

	path string
}

// LoadJobs reads and checks a jobs file. Unknown keys are errors, as in the
// sources file: a misspelt "schedul" silently ignored would never run.
func LoadJobs(path string) (*JobFile, error) {
	var jf JobFile
	md, err := toml.DecodeFile(path, &jf)
	if err != nil {
		return nil, fmt.Errorf("jobs file %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("jobs file %s: unknown keys: %s", path, strings.Join(keys, ", "))
	}
	jf.path = path
	if err := jf.check(); err != nil {
		return nil, err
	}
	return &jf, nil
}

func (jf *JobFile) check() error {
	if len(jf.Jobs) == 0 {
		return fmt.Errorf("jobs file %s: no [[job]] defined", jf.path)
	}
	if jf.TimeZone == "" {
		jf.TimeZone = DefaultTimeZone
	}
	if jf.SourcesFile == "" {
		jf.SourcesFile = "sources.toml"
	}
	seen := map[string]bool{}
	for i, j := range jf.Jobs {
		where := fmt.Sprintf("jobs file %s: job %d (%q)", jf.path, i+1, j.Name)
		switch {
		case j.Name == "":
			return fmt.Errorf("%s: no name", where)
		case seen[j.Name]:
			return fmt.Errorf("%s: name used twice", where)
		case strings.ContainsAny(j.Name, " \t,"):
			return fmt.Errorf("%s: a name has no spaces or commas", where)
		}
		seen[j.Name] = true
		if j.TimeZone == "" {
			j.TimeZone = jf.TimeZone
		}
		if err := j.prepare(); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

// prepare resolves the zone, parses the spec and fills retry defaults.
func (j *Job) prepare() error {
	spec := strings.TrimSpace(j.Schedule)
	if spec == "" {
		return fmt.Errorf("no schedule")
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return fmt.Errorf("schedule %q: give the zone as time_zone, not in the spec", spec)
	}
	loc, err := time.LoadLocation(j.TimeZone)
	if err != nil {
		return fmt.Errorf("time_zone %q: %w", j.TimeZone, err)
	}
	j.loc = loc
	j.sched, err = CronParser.Parse(j.CronSpec())
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	if j.Retry.Attempts == 0 {
		j.Retry.Attempts = 3
	}
	if j.Retry.Attempts < 0 {
		return fmt.Errorf("retry.attempts %d: want 1 or more", j.Retry.Attempts)
	}
	if j.Retry.Backoff.Duration == 0 {
		j.Retry.Backoff.Duration = time.Minute
	}
	if j.Retry.MaxBackoff.Duration == 0 {
		j.Retry.MaxBackoff.Duration = 10 * time.Minute
	}
	if j.Retry.MaxBackoff.Duration < j.Retry.Backoff.Duration {
		j.Retry.MaxBackoff.Duration = j.Retry.Backoff.Duration
	}
	return nil
}

// CronSpec is the spec with its zone, as robfig/cron parses it.
func (j *Job) CronSpec() string {
	return "CRON_TZ=" + j.TimeZone + " " + strings.TrimSpace(j.Schedule)
}

// Location is the job's time zone.
func (j *Job) Location() *time.Location { return j.loc }

// Next is the job's first run time strictly after t, in the job's zone.
func (j *Job) Next(t time.Time) time.Time { return j.sched.Next(t).In(j.loc) }

// NextN lists the job's next n run times after t.
func (j *Job) NextN(t time.Time, n int) []time.Time {
	var out []time.Time
	for len(out) < n {
		t = j.Next(t)
		if t.IsZero() {
			break // a spec that never fires again (30 February)
		}
		out = append(out, t)
	}
	return out
}

// Missed reports whether a run time of the job fell after last and not
// after now: the job should have run while nothing was running it.
func (j *Job) Missed(last, now time.Time) (time.Time, bool) {
	next := j.Next(last)
	return next, !next.IsZero() && !next.After(now)
}

// CatchesUp is whether a missed run is made up at start-up.
func (j *Job) CatchesUp() bool { return j.CatchUp == nil || *j.CatchUp }

// Covers reports whether the job runs the source.
func (j *Job) Covers(source string) bool {
	if len(j.Sources) == 0 {
		return true
	}
	for _, s := range j.Sources {
		if s == source {
			return true
		}
	}
	return false
}

// LongestGap is the longest time between two consecutive runs of the job
// over the year after t: how old a source's last fetch may be before the
// job has certainly failed to refresh it.
func (j *Job) LongestGap(t time.Time) time.Duration {
	end := t.AddDate(1, 0, 0)
	var gap time.Duration
	prev := j.Next(t)
	for i := 0; i < 2000 && !prev.IsZero() && prev.Before(end); i++ {
		next := j.Next(prev)
		if next.IsZero() {
			break
		}
		gap = max(gap, next.Sub(prev))
		prev = next
	}
	return gap
}

// Job returns the job named name.
func (jf *JobFile) Job(name string) (*Job, error) {
	for _, j := range jf.Jobs {
		if j.Name == name {
			return j, nil
		}
	}
	names := make([]string, len(jf.Jobs))
	for i, j := range jf.Jobs {
		names[i] = j.Name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("no job named %q (defined: %s)", name, strings.Join(names, ", "))
}

// SourcesPath is the sources file the jobs run, relative to the jobs file
// unless absolute.
func (jf *JobFile) SourcesPath() string {
	if filepath.IsAbs(jf.SourcesFile) {
		return jf.SourcesFile
	}
	return filepath.Join(filepath.Dir(jf.path), jf.SourcesFile)
}

// CheckSources verifies that every source a job names is in cfg, so a
// typing error fails at start-up rather than on the first of June.
func (jf *JobFile) CheckSources(cfg *Config) error {
	for _, j := range jf.Jobs {
		if _, err := cfg.Select(j.Sources); err != nil {
			return fmt.Errorf("jobs file %s: job %q: %w", jf.path, j.Name, err)
		}
	}
	return nil
}

// ExpectedInterval is how often the jobs refresh source: the longest gap
// between runs of the most frequent job that covers it. ok is false when
// no job runs the source.
func (jf *JobFile) ExpectedInterval(source string, t time.Time) (d time.Duration, ok bool) {
	for _, j := range jf.Jobs {
		if !j.Covers(source) {
			continue
		}
		g := j.LongestGap(t)
		if g > 0 && (!ok || g < d) {
			d, ok = g, true
		}
	}
	return d, ok
}
