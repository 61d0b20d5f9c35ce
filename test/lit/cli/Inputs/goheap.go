// Writes a real Go heap profile (runtime/pprof) to os.Args[1]: a fixture made by another
// pprof writer than LeakScope's, with Go's sample types, labels and symbolization.
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

var keep [][]byte

//go:noinline
func growCache(n int) {
	for i := 0; i < n; i++ {
		keep = append(keep, make([]byte, 64<<10))
	}
}

func main() {
	runtime.MemProfileRate = 1
	growCache(40)
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		panic(err)
	}
	f.Close()
}
