// Package all registers every decoder chitieu has. Import it for its side
// effect; adding a kind of source adds its folder under extract/ and one
// line here (all_test.go fails if a decoder folder is missing).
package all

import (
	_ "github.com/hanoi-sti/chitieu/extract/csv"
	_ "github.com/hanoi-sti/chitieu/extract/excel"
	_ "github.com/hanoi-sti/chitieu/extract/jsonstat"
	_ "github.com/hanoi-sti/chitieu/extract/published"
	_ "github.com/hanoi-sti/chitieu/extract/px"
	_ "github.com/hanoi-sti/chitieu/extract/sdmx"
	_ "github.com/hanoi-sti/chitieu/extract/worldbank"
	_ "github.com/hanoi-sti/chitieu/extract/xls"
)
