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
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

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
}

// Config is a sources file.
type Config struct {
	Sources []SourceDef `toml:"source"`
	dir     string
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
