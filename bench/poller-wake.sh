#!/usr/bin/env bash
# Why `aim-engine bench` runs with -Djdk.pollerMode=1: how late a thread blocked in a loopback socket
# read is woken (bench/PollerWake.java), for a platform-thread reader and for a virtual-thread reader
# with JDK 25's default I/O pollers (virtual threads, on Linux) and with platform-thread pollers.
# Each case READS reads 5 ms apart, ROUNDS times alternated so that load changes hit all alike.
#
#   bench/poller-wake.sh [READS] [ROUNDS]   (defaults: 400 2)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$JDK/bin/javac" -d "$OUT" "$ROOT/bench/PollerWake.java"
for _ in $(seq "${2:-2}"); do
  "$JDK/bin/java" -cp "$OUT" PollerWake platform "${1:-400}"
  "$JDK/bin/java" -cp "$OUT" PollerWake virtual "${1:-400}"
  "$JDK/bin/java" -Djdk.pollerMode=1 -cp "$OUT" PollerWake virtual "${1:-400}"
done
