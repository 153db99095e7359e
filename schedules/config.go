// Package schedules defines what chitieu pulls (source definitions) and
// runs the pipeline over them: fetch or read each source, decode it,
// normalise it, and load everything in one warehouse transaction. The
// scheduler that runs jobs on a calendar builds on this package.
package schedules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform"
)

// SourceDef is one source as configured in a sources file.
type SourceDef struct {
	Name       string `toml:"name"`
	Kind       string `toml:"kind"` // decoder name; detected from content when empty
	Path       string `toml:"path"` // file or glob, relative to the sources file
	URL        string `toml:"url"`  // HTTP(S) source
	Method     string `toml:"method"`
	Body       string `toml:"body"` // request body (PX-Web JSON query)
	Credential string `toml:"credential_env"`
	Sample     bool   `toml:"sample"` // demonstration data, not official
	Geo        string `toml:"geo"`    // geography of rows that name none
	// GeoScheme declares the code list the source's places are in: "gso"
	// (GSO codes and Vietnamese names), "iso3166", or "source" (its own
	// codes, kept unmatched); empty = detect each place on evidence
	// (transform.PlaceReader).
	GeoScheme   string `toml:"geo_scheme"`
	Description string `toml:"description"`
	// Evidence is what kind of evidence the source's values are:
	// "official" (a statistics office's table or an agency's report),
	// "published" (figures quoted from published pages, each with its
	// citation) or "sample" (made up for the demonstration; implied by
	// sample = true). Kept in sources.evidence; KPIs show it per value.
	Evidence string `toml:"evidence"`
	// Precedence orders sources that give the same indicator, place and
	// year: the lowest number wins (observation_evidence). 0 = the default,
	// extract.DefaultPrecedence, or extract.SamplePrecedence for sample data.
	Precedence int `toml:"precedence"`
	// RowLabels = "geo" declares that a table's row labels are places (an
	// NSO PX-Web table of provinces by year), not series: each row's label
	// becomes its place and every value belongs to the series Series.
	RowLabels string `toml:"row_labels"`
	// Series is the series code of every value when RowLabels = "geo" (the
	// table's code, "E02.45"); series_map.tsv maps it to an indicator.
	Series string `toml:"series"`
	// Unit is the unit of values whose row states none (E02.58's "million
	// VND per employed person" is nowhere in the file).
	Unit string `toml:"unit"`
	// Vintage is when the source's release was published, for files that
	// do not say (a PX-Web export: the time of the export, in the file's
	// package properties): without it the vintage is the time chitieu read
	// the file, and 'kpi --as-of' would hide a 2025 table read in 2026.
	Vintage time.Time `toml:"vintage"`
}

// evidenceKinds are the values Evidence may take.
var evidenceKinds = []string{"official", "published", "sample"}

// provenance gives a payload of the source what the warehouse records of
// its definition: sample flag, kind of evidence and precedence (the
// warehouse fills in the defaults, knowing whether the payload itself says
// it is sample data).
func (s SourceDef) provenance(pl extract.Payload) extract.Payload {
	pl.Sample = pl.Sample || s.Sample
	pl.Evidence, pl.Precedence = s.Evidence, s.Precedence
	return pl
}

// Config is a sources file.
type Config struct {
	// Plans are plan folders (transform/plan/folder.go) the runs seed
	// beside the built-in Plan 185, relative to the sources file: a later
	// plan is data, named here, not code.
	Plans   []string    `toml:"plans"`
	Sources []SourceDef `toml:"source"`
	dir     string
}

// PlanDirs are the plan folders of Plans, resolved against the sources
// file's folder.
func (c *Config) PlanDirs() []string {
	dirs := make([]string, len(c.Plans))
	for i, p := range c.Plans {
		if filepath.IsAbs(p) {
			dirs[i] = p
		} else {
			dirs[i] = filepath.Join(c.dir, p)
		}
	}
	return dirs
}

// LoadConfig reads a sources file. Unknown keys are errors: a misspelt key
// silently ignored would load the wrong data.
func LoadConfig(path string) (*Config, error) {
	var c Config
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return nil, fmt.Errorf("sources file %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("sources file %s: unknown keys: %s", path, strings.Join(keys, ", "))
	}
	c.dir = filepath.Dir(path)
	seen := map[string]bool{}
	for i, s := range c.Sources {
		where := fmt.Sprintf("sources file %s: source %d (%q)", path, i+1, s.Name)
		switch {
		case s.Name == "":
			return nil, fmt.Errorf("%s: no name", where)
		case seen[s.Name]:
			return nil, fmt.Errorf("%s: name used twice", where)
		case (s.Path == "") == (s.URL == ""):
			return nil, fmt.Errorf("%s: give exactly one of path and url", where)
		case s.Evidence != "" && !slices.Contains(evidenceKinds, s.Evidence):
			return nil, fmt.Errorf("%s: evidence %q is not one of %s", where, s.Evidence, strings.Join(evidenceKinds, ", "))
		case s.Sample && s.Evidence != "" && s.Evidence != "sample":
			return nil, fmt.Errorf("%s: sample = true but evidence = %q", where, s.Evidence)
		case s.Precedence < 0:
			return nil, fmt.Errorf("%s: precedence %d is negative (lower numbers win; leave it out for the default)", where, s.Precedence)
		case s.RowLabels != "" && s.RowLabels != "geo":
			return nil, fmt.Errorf("%s: row_labels %q: the only choice is \"geo\"", where, s.RowLabels)
		case (s.RowLabels == "geo") != (s.Series != ""):
			return nil, fmt.Errorf("%s: row_labels = \"geo\" and series go together (the series code of a table whose rows are places)", where)
		}
		if err := transform.CheckScheme(s.GeoScheme); err != nil {
			return nil, fmt.Errorf("%s: geo_scheme: %w", where, err)
		}
		seen[s.Name] = true
	}
	return &c, nil
}

// Select returns the sources named in only (all when only is empty).
func (c *Config) Select(only []string) ([]SourceDef, error) {
	if len(only) == 0 {
		return c.Sources, nil
	}
	byName := map[string]SourceDef{}
	for _, s := range c.Sources {
		byName[s.Name] = s
	}
	var out []SourceDef
	for _, n := range only {
		s, ok := byName[n]
		if !ok {
			names := make([]string, 0, len(byName))
			for k := range byName {
				names = append(names, k)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("no source named %q (configured: %s)", n, strings.Join(names, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

// Files expands a file source's path or glob, relative to the sources file.
func (c *Config) Files(s SourceDef) ([]string, error) {
	pattern := s.Path
	if !filepath.IsAbs(pattern) {
		pattern = filepath.Join(c.dir, pattern)
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("source %s: path %q: %w", s.Name, s.Path, err)
	}
	if len(matches) == 0 {
		if _, err := os.Stat(pattern); err != nil {
			return nil, fmt.Errorf("source %s: %w", s.Name, err)
		}
		return nil, fmt.Errorf("source %s: no file matches %s", s.Name, pattern)
	}
	sort.Strings(matches)
	return matches, nil
}

// ErrNoSources is returned for a sources file that defines none.
var ErrNoSources = errors.New("no sources defined")
