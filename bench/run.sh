#!/usr/bin/env bash
# LeakScope side by side with LeakSanitizer, AddressSanitizer, Valgrind and heaptrack.
# ./bench/run.sh          full run (3 runs per configuration; about 15-20 minutes)
# ./bench/run.sh --quick  smoke test (1 run, small sizes; a few minutes, most of it builds)
# Other options: --runs N, --only micro,threads,recursive,sqlite,leveldb,exitcheck,snapshot,
# --configs a,b.
# Needs scripts/install-deps.sh --bench (clang runtime libraries, valgrind, heaptrack, gperftools, npm).
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
