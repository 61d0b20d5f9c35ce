#!/bin/bash
# usage: with-target.sh TARGET [ARGS...] --- COMMAND [ARGS...]
# Starts TARGET in the background (stdout to a temp file), waits until it printed its
# first line ("ready"), runs COMMAND with "@PID@" in its arguments replaced by TARGET's pid,
# then says whether TARGET is still running, stops it, and exits with COMMAND's status.
target=()
while [ $# -gt 0 ] && [ "$1" != "---" ]; do target+=("$1"); shift; done
shift
out=$(mktemp)
"${target[@]}" >"$out" &
pid=$!
for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
cmd=()
for a in "$@"; do cmd+=("${a//@PID@/$pid}"); done
"${cmd[@]}"
status=$?
if kill -0 "$pid" 2>/dev/null && ! grep -q '^State:.*Z' /proc/$pid/status 2>/dev/null; then
  echo "with-target: target still running"
  kill "$pid" 2>/dev/null
else
  echo "with-target: target not running"
fi
wait "$pid" 2>/dev/null
rm -f "$out"
exit $status
