#!/usr/bin/env bash
# Real code with the LeakScope pass: SQLite (amalgamation + sqlite_driver.c) and LevelDB
# 1.20 (its 25 test programs), built with the plugin at -O0 and -O2 for each LLVM major.
# Checks that
#   * instrumented SQLite prints exactly what a plain build prints, and exits 0 (no leaks);
#   * LevelDB's `make check` passes instrumented, with no leak report (memory or thread:
#     its background threads wait on condition variables in reachable objects), and that
#     LeakSanitizer (clang-19 -fsanitize=leak) reports nothing on the same tests either;
# and measures compile time of sqlite3.c at -O2, plain clang vs clang with the plugin
# (part "compile": median CPU time of $LEAKSCOPE_COMPILE_ROUNDS rounds, default 3, per
# LLVM major; target: plugin <= 1.15x plain).
#
# Sources are not in the repository: the npm tarballs that ship them are fetched into
# $LEAKSCOPE_CACHE (default /work/cache, outside the repository) and verified by sha256.
#
#   bench/realcode/run.sh [sqlite|compile|modes|leveldb|all]
# Results are appended to $LEAKSCOPE_CACHE/realcode/results.txt; the exit status is
# non-zero when a check failed (a build, a different output, a test, a leak report).
# Heavy: about 20 compiles of sqlite3.c and 5 LevelDB builds; run it with the machine idle.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${LEAKSCOPE_BUILD_DIR:-$root/build}
cache=${LEAKSCOPE_CACHE:-/work/cache}
out=$cache/realcode
majors=${LEAKSCOPE_MAJORS:-19 22}
what=${1:-all}
mkdir -p "$out"
results=$out/results.txt
log() { echo "$*" | tee -a "$results"; }
failures=0
fail() { log "FAILED: $*"; failures=$((failures + 1)); }

fetch() {  # fetch NAME@VERSION SHA256 -> extracts into $cache/NAME-VERSION/package
  local spec=$1 sha=$2 tgz dir
  tgz=$cache/${spec/@/-}.tgz
  dir=$cache/${spec/@/-}
  if [[ ! -f $tgz ]]; then (cd "$cache" && npm pack --silent "$spec" >/dev/null); fi
  if ! echo "$sha  $tgz" | sha256sum -c --quiet -; then
    echo "LeakScope: checksum mismatch for $tgz" >&2
    exit 1
  fi
  if [[ ! -d $dir/package ]]; then mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"; fi
  echo "$dir/package"
}

timed() {  # timed VAR CMD...: runs CMD, stores its wall time in seconds in VAR, returns its status
  local __var=$1 start end rc=0
  shift
  start=$(date +%s.%N)
  "$@" || rc=$?
  end=$(date +%s.%N)
  printf -v "$__var" '%.2f' "$(echo "$end - $start" | bc)"
  return $rc
}

run_sqlite() {
  local pkg src drv=$here/sqlite_driver.c d=$out/sqlite flags="-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=1"
  pkg=$(fetch better-sqlite3@12.11.1 ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835)
  src=$pkg/deps/sqlite3
  mkdir -p "$d"
  log "== SQLite $(grep -m1 '#define SQLITE_VERSION ' "$src/sqlite3.h" | awk '{print $3}')"
  for major in $majors; do
    local plain=/usr/lib/llvm-$major/bin/clang inst="$build/bin/leakscope-clang --llvm=$major"
    for opt in -O0 -O2; do
      local tag=$major$opt tp ti
      timed tp $plain $opt $flags -I"$src" -c "$src/sqlite3.c" -o "$d/plain$tag.o"
      timed ti $inst $opt $flags -I"$src" -c "$src/sqlite3.c" -o "$d/inst$tag.o"
      $plain $opt -I"$src" "$drv" "$d/plain$tag.o" -o "$d/plain$tag" -lm -lpthread
      $inst $opt -I"$src" "$drv" "$d/inst$tag.o" -o "$d/inst$tag" -lm -lpthread
      local rp=0 ri=0 t1 t2
      timed t1 "$d/plain$tag" >"$d/plain$tag.out" 2>&1 || rp=$?
      timed t2 "$d/inst$tag" >"$d/inst$tag.out" 2>&1 || ri=$?
      local same=identical
      cmp -s "$d/plain$tag.out" "$d/inst$tag.out" || same=DIFFERENT
      log "sqlite llvm$major $opt: compile plain ${tp}s plugin ${ti}s (one wall-clock run each);" \
          "run plain ${t1}s exit $rp, instrumented ${t2}s exit $ri; output $same ($(wc -l <"$d/inst$tag.out") lines)"
      [[ $rp -eq 0 && $ri -eq 0 && $same == identical ]] || fail "sqlite llvm$major $opt"
    done
  done
}

# Compile time of sqlite3.c at -O2 per LLVM major: plain clang and clang with the plugin
# alternate, each timed $LEAKSCOPE_COMPILE_ROUNDS times (default 3); the medians of CPU
# time (user + sys, which a shared machine disturbs less than wall time) are compared.
run_compile() {
  local src d=$out/compile flags="-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=1" rounds=${LEAKSCOPE_COMPILE_ROUNDS:-3}
  src=$(fetch better-sqlite3@12.11.1 ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835)/deps/sqlite3
  mkdir -p "$d"
  for major in $majors; do
    local plain=/usr/lib/llvm-$major/bin/clang inst="$build/bin/leakscope-clang --llvm=$major"
    local cp=() ci=() wp=() wi=() i u s w
    for ((i = 0; i < rounds; i++)); do
      for kind in plain inst; do
        local cc=$plain
        [[ $kind == inst ]] && cc=$inst
        /usr/bin/time -f "%U %S %e" -o "$d/time" $cc -O2 $flags -I"$src" -c "$src/sqlite3.c" -o "$d/$kind.o"
        read -r u s w <"$d/time"
        if [[ $kind == plain ]]; then cp+=("$(echo "$u + $s" | bc)"); wp+=("$w")
        else ci+=("$(echo "$u + $s" | bc)"); wi+=("$w"); fi
      done
    done
    local mcp mci mwp mwi r
    mcp=$(median "${cp[@]}"); mci=$(median "${ci[@]}"); mwp=$(median "${wp[@]}"); mwi=$(median "${wi[@]}")
    r=$(echo "scale=3; $mci / $mcp" | bc)
    local verdict=ok
    [[ $(echo "$r <= 1.15" | bc) -eq 1 ]] || verdict=MISS
    log "compile sqlite3.c -O2 llvm$major, median of $rounds: CPU plain ${mcp}s plugin ${mci}s ratio ${r}x ($verdict, target <= 1.15x);" \
        "wall plain ${mwp}s plugin ${mwi}s; CPU runs plain ${cp[*]} plugin ${ci[*]}"
  done
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# What each pass mode costs at run time: the SQLite driver (200000 rows) at -O2 with
# LLVM 19, built plain, with the plugin but no shadow (sites + frame pointers), with
# writes only (track_loads=0) and with loads and writes (the default), the epoch clock
# running at its default period. Best of three runs each.
run_modes() {
  local src d=$out/sqlite flags="-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=1"
  src=$(fetch better-sqlite3@12.11.1 ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835)/deps/sqlite3
  mkdir -p "$d"
  local base=""
  for mode in plain "track_writes=0 track_loads=0" track_loads=0 default; do
    local cc="$build/bin/leakscope-clang --llvm=19" env=()
    case $mode in
      plain) cc=/usr/lib/llvm-19/bin/clang ;;
      default) ;;
      *) env=(env "LEAKSCOPE_PASS_OPTIONS=$mode") ;;
    esac
    local bin=$d/mode-${mode//[= ]/-}
    "${env[@]}" $cc -O2 $flags -I"$src" "$here/sqlite_driver.c" "$src/sqlite3.c" -o "$bin" -lm -lpthread
    local best=999 t
    for i in 1 2 3; do
      timed t "$bin" 200000 >/dev/null
      best=$(echo "if ($t < $best) $t else $best" | bc)
    done
    [[ -z $base ]] && base=$best
    log "mode $mode: sqlite_driver 200000 rows ${best}s ($(echo "scale=2; $best / $base" | bc)x plain), text $(size "$bin" | awk 'NR==2{print $1}') bytes"
  done
}

run_leveldb() {
  local pkg
  pkg=$(fetch leveldown@6.1.1 fe534f13e475826331c9cd59f279f073c3238e4db2ff2c930e17a786ba0f4f01)
  local configs=()
  for major in $majors; do configs+=("inst$major-O2"); done
  configs+=("lsan19-O2")
  for major in $majors; do configs+=("inst$major-O0"); done
  # LEAKSCOPE_LEVELDB_CONFIGS="inst19-O2 ..." runs only those.
  [[ -n ${LEAKSCOPE_LEVELDB_CONFIGS:-} ]] && read -r -a configs <<<"$LEAKSCOPE_LEVELDB_CONFIGS"
  for cfg in "${configs[@]}"; do
    local d=$out/leveldb-$cfg opt=-${cfg##*-} cc cxx
    rm -rf "$d" && cp -r "$pkg/deps/leveldb/leveldb-1.20" "$d"
    chmod +x "$d/build_detect_platform"
    case $cfg in
      inst*) local major=${cfg#inst}; major=${major%%-*}
             cc="$build/bin/leakscope-clang --llvm=$major"; cxx="$build/bin/leakscope-clang++ --llvm=$major" ;;
      lsan*) cc="clang-19 -fsanitize=leak"; cxx="clang++-19 -fsanitize=leak" ;;
    esac
    [[ $opt == -O2 ]] && opt="-O2 -DNDEBUG"
    local tb tc rc=0 rb=0
    timed tb make -C "$d" -j2 CC="$cc" CXX="$cxx" OPT="$opt" out-static/libleveldb.a >"$d/build.log" 2>&1 || rb=$?
    if [[ $rb -ne 0 ]]; then fail "leveldb $cfg: library build (exit $rb), see $d/build.log"; continue; fi
    # LevelDB's tests use $TEST_TMPDIR (default /tmp/leveldbtest-UID): a private one, so
    # that another LevelDB run on the machine cannot take the test databases' locks.
    mkdir -p "$d/testtmp"
    timed tc env TEST_TMPDIR="$d/testtmp" make -C "$d" -j2 CC="$cc" CXX="$cxx" OPT="$opt" check >"$d/check.log" 2>&1 || rc=$?
    local ran leaks
    ran=$(grep -c '^\*\*\*\*\* Running' "$d/check.log" || true)
    leaks=$(grep -c 'leak of\|^Thread leak' "$d/check.log" || true)  # memory and thread leaks
    log "leveldb $cfg: library ${tb}s, check ${tc}s, exit $rc, test programs run $ran, leak records $leaks"
    [[ $rc -eq 0 && $ran -ge 25 && $leaks -eq 0 ]] || fail "leveldb $cfg, see $d/check.log"
  done
}

started=$(date +%s)
log "realcode run $(date -u +%FT%TZ) on $(nproc) cores, build $build, tree $(git -C "$root" rev-parse --short HEAD)"
case $what in
  sqlite) run_sqlite ;;
  compile) run_compile ;;
  modes) run_modes ;;
  leveldb) run_leveldb ;;
  all) run_sqlite; run_compile; run_modes; run_leveldb ;;
  *) echo "LeakScope: unknown part '$what' (sqlite, compile, modes, leveldb or all)" >&2; exit 2 ;;
esac
log "realcode $what finished in $(($(date +%s) - started))s, $failures failure(s)"
[[ $failures -eq 0 ]]
