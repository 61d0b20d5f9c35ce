#!/bin/sh
# usage: unprivileged.sh COMMAND [ARGS...]
# Runs COMMAND as an unprivileged user when running as root (root bypasses file
# permissions, which some tests need to see), else as is.
if [ "$(id -u)" = 0 ]; then
  exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
fi
exec "$@"
