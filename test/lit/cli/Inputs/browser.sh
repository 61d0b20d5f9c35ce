#!/bin/bash
# usage: browser.sh shot FILE OUT.png WIDTH,HEIGHT    screenshot of FILE
#        browser.sh dom FILE                          the DOM after loading FILE, on stdout
# Headless Chromium, offline and with a fresh profile each time, so no state or network
# leaks into a test. Chromium's own log goes to a file, not to the test's output.
set -u
mode=$1 file=$2
profile=$(mktemp -d)
log=$(mktemp)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars --user-data-dir="$profile")
url="file://$(realpath "$file")"
case $mode in
  shot) timeout 120 chromium "${flags[@]}" --screenshot="$3" --window-size="$4" "$url" 2>"$log" >/dev/null ;;
  dom)  timeout 120 chromium "${flags[@]}" --dump-dom "$url" 2>"$log" ;;
  *) echo "browser.sh: unknown mode $mode" >&2; exit 2 ;;
esac
status=$?
[ $status -ne 0 ] && cat "$log" >&2
rm -rf "$profile" "$log"
exit $status
