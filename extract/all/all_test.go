package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/hanoi-sti/chitieu/extract/all"
)

// TestEveryDecoderFolderIsImported fails when a folder under extract/ calls
// extract.Register but is not imported by package all: its decoder would be
// compiled but never used.
func TestEveryDecoderFolderIsImported(t *testing.T) {
	self, err := os.ReadFile("all.go")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("..", d.Name(), "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, _ := os.ReadFile(f)
			if strings.Contains(string(src), "extract.Register(") &&
				!strings.Contains(string(self), `"github.com/hanoi-sti/chitieu/extract/`+d.Name()+`"`) {
				t.Errorf("extract/%s registers a decoder but extract/all does not import it", d.Name())
			}
		}
	}
}
