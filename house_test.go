package chitieu_test

// The house rules of the layout (README, "Design and dependencies"),
// checked on the code as it is so that they cannot drift: data flows one
// way, the edges keep their dependencies, one function takes the writer
// lock, and files and functions stay small enough to hold one job.

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const module = "github.com/hanoi-sti/chitieu"

// Limits of one job: a file past maxFileLines or a function past
// maxFuncLines has held two jobs every time so far (STYLE.md).
const (
	maxFileLines = 800
	maxFuncLines = 120
)

// imports runs go list and returns each package of the module with its
// direct imports (tests excluded).
func imports(t *testing.T) map[string][]string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to list the packages with")
		}
	}
	cmd := exec.Command(goBin, "list", "-tags", "duckdb_arrow", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 {
			pkgs[f[0]] = f[1:]
		}
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages:\n%s", len(pkgs), out)
	}
	return pkgs
}

func under(pkg, dir string) bool {
	p := module + "/" + dir
	return pkg == p || strings.HasPrefix(pkg, p+"/")
}

// TestImportsFollowTheFlow: extract never imports transform or load (a
// decoder knows formats, not indicators: what it shares with transform
// lives in vntext), the leaf vntext imports nothing of chitieu, and the
// command imports neither DuckDB nor excelize (that code sits behind load
// and extract).
func TestImportsFollowTheFlow(t *testing.T) {
	for pkg, imps := range imports(t) {
		for _, imp := range imps {
			switch {
			case under(pkg, "extract") && (under(imp, "transform") || under(imp, "load") || under(imp, "schedules")):
				t.Errorf("%s imports %s: extract sits before transform and load", pkg, imp)
			case under(pkg, "vntext") && strings.HasPrefix(imp, module):
				t.Errorf("%s imports %s: vntext is a leaf every stage uses", pkg, imp)
			case under(pkg, "cmd") && (strings.HasPrefix(imp, "github.com/duckdb/") || strings.HasPrefix(imp, "github.com/xuri/excelize")):
				t.Errorf("%s imports %s: the command reaches DuckDB through load and workbooks through extract or load/report", pkg, imp)
			}
		}
	}
}

// goFiles calls fn for every non-test Go file of the module, parsed.
func goFiles(t *testing.T, fn func(path string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		fn(path, fset, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFilesAndFunctionsHoldOneJob: no non-test file over maxFileLines
// lines, no function over maxFuncLines.
func TestFilesAndFunctionsHoldOneJob(t *testing.T) {
	files := 0
	goFiles(t, func(path string, fset *token.FileSet, f *ast.File) {
		files++
		if n := fset.Position(f.FileEnd).Line; n > maxFileLines {
			t.Errorf("%s has %d lines (limit %d): split it by job", path, n, maxFileLines)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s has %d lines (limit %d)", path, fd.Name.Name, n, maxFuncLines)
			}
		}
	})
	if files < 50 {
		t.Fatalf("walked only %d Go files", files)
	}
}

// TestOneWriter: load.Write is the one function that takes the writer
// lock; every writer (run, load, the daemon, sql --write) goes through it.
func TestOneWriter(t *testing.T) {
	var callers []string
	goFiles(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if name == "AcquireLock" {
				callers = append(callers, path)
			}
			return true
		})
	})
	if len(callers) != 1 || callers[0] != filepath.Join("load", "write.go") {
		t.Errorf("AcquireLock is called from %v; want only load/write.go (load.Write)", callers)
	}
}

// TestNoPlanCodeInCode: a plan is data (transform/plan/plans/…, or a folder
// a sources file names), so no Go file and no view names a KPI of a plan:
// the views read a KPI's formula and inputs from kpi_formula_inputs, and a
// new plan needs no code.
func TestNoPlanCodeInCode(t *testing.T) {
	kpis, err := filepath.Glob(filepath.Join("transform", "plan", "plans", "*", "kpis.tsv"))
	if err != nil || len(kpis) == 0 {
		t.Fatalf("no built-in plan's kpis.tsv (%v)", err)
	}
	var codes []string
	for _, k := range kpis {
		b, err := os.ReadFile(k)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
				codes = append(codes, strings.SplitN(line, "\t", 2)[0])
			}
		}
	}
	if len(codes) < 8 {
		t.Fatalf("read %d KPI codes, want Plan 185's 8 at least", len(codes))
	}
	check := func(path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s names the KPI %s: a plan's KPIs are data, not code", path, c)
			}
		}
	}
	goFiles(t, func(path string, _ *token.FileSet, _ *ast.File) { check(path) })
	views, _ := filepath.Glob(filepath.Join("sql", "views", "*.sql"))
	for _, v := range views {
		check(v)
	}
}
