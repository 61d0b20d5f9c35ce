#!/bin/sh
# usage: pprof.sh SCRATCH_DIR PPROF_ARGS...
# Runs `go tool pprof` with HOME, GOCACHE and GOPATH inside SCRATCH_DIR, so tests never
# touch the user's Go state and run in parallel.
scratch=$1; shift
mkdir -p "$scratch/home" "$scratch/gocache" "$scratch/gopath"
HOME=$scratch/home GOCACHE=$scratch/gocache GOPATH=$scratch/gopath GOFLAGS=-mod=mod \
  exec go tool pprof "$@"
