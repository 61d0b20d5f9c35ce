#!/bin/sh
# Starts a grandchild that burns CPU for a while, and exits without waiting for it (as a
# LeakScope program leaves its llvm-symbolizer to exit on its own).
( i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done ) &
exit 0
