#!/usr/bin/env bash
# Load-generator overhead: what `aim-engine bench` itself costs. Against a loopback stand-in that
# streams TOKENS tokens per request with no delay (test-support SseStandIn), prints the streamed
# requests/s a closed loop of CONCURRENCY clients sustains, and for an open Poisson loop at RATE
# requests/s the achieved rate and the added latency: per request, how late it left against its
# scheduled send time plus its end-to-end latency (send -> last token) as the generator measured it;
# against an instant server that is what the generator, the stand-in and loopback add together (the
# stand-in's own time is printed beside it), p50 and p99. Per phase and request also the CPU time,
# the heap allocated and the wake-ups (voluntary thread switches), and the collections: on a shared
# machine the wall-clock figures are noise, these much less so. Runs with the JVM flags
# `bin/aim-engine bench` uses.
#
# What sets the open loop's p99 (measured Dec 2, docs/benchmarking.md): a request due while the
# serial collector stops the JVM (7-15 ms per young collection, one per ~2 s at 2,000 requests/s)
# leaves late, and each wake-up on the way (dispatcher, sender, stand-in) can wait for a core. A
# virtual thread per request took 6-10 wake-ups and 28 KB per request; reused platform senders
# take 3.5-4.5 and 23 KB.
#
#   bench/bench-overhead.sh [SECONDS] [CONCURRENCY] [RATE] [TOKENS]   (defaults: 10 16 2000 4)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
"$ROOT/bin/aim-engine" --help >/dev/null
(cd "$ROOT" && JAVA_HOME="$JDK" MAVEN_OPTS="$(aim_maven_opts "$JDK")" \
  mvn -B -q -o -pl test-support compile -Dspotless.check.skip=true) >/dev/null
CP="$ROOT/cli/target/aim-engine.jar:$ROOT/test-support/target/classes"
"$JDK/bin/java" -XX:+UseSerialGC -Djdk.pollerMode=1 -XX:MaxTenuringThreshold=1 -cp "$CP" "$ROOT/bench/BenchOverhead.java" "${1:-10}" "${2:-16}" "${3:-2000}" "${4:-4}"
