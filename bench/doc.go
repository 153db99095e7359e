// Package bench holds chitieu's end-to-end benchmarks: each one runs the
// pipeline and a baseline on the same input in the same process run (a bare
// excelize read, python3-openpyxl, DuckDB's own read_csv, the row-wise
// Appender, a plain aggregate) and reports the ratio, so a result does not
// depend on how fast the machine is that day. Peak memory is measured in a
// child process, where the getrusage high-water mark belongs to one load.
//
// The benchmarks generate their inputs (a million-row workbook, a 5-million
// row CSV) into a temporary directory and take minutes; they run with
// `make bench`, never with `make test`, and CI does not run them. The
// results and the machine they were measured on are in BENCHMARKS.md.
package bench
