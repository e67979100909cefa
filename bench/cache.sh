#!/usr/bin/env bash
# Benchmark: model cache pull throughput and second-launch cost.
#
#   bench/cache.sh [SIZE_MIB] [FILES] [RUNS]      (defaults: 2048 MiB in 4 shards, 3 runs)
#
# Generates a SIZE_MIB model split into FILES safetensors shards, serves it from the loopback hub
# test server (test-support/.../HubServer.java: Hub-style API, 302 to a CDN path, ranges) and
# times, RUNS times each: `curl` fetching the files one after another vs `aim-engine cache pull`
# (a fresh process, cold cache), and curl followed by sha256sum (verified like for like). Then the second launch of the cached model: the cache work in
# process, and a whole `aim-engine cache pull --offline` process, with the requests the server saw.
# Needs curl and about 2 x SIZE_MIB of free disk under $TMPDIR; deletes everything afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
command -v curl >/dev/null || { echo "cache.sh: curl is needed for the comparison" >&2; exit 4; }
# The CLI jar (bin/aim-engine builds it when stale) and the test server's classes.
"$ROOT/bin/aim-engine" --help >/dev/null
(cd "$ROOT" && JAVA_HOME="$JDK" MAVEN_OPTS="$(aim_maven_opts "$JDK")" \
  mvn -B -q -o -pl test-support compile -Dspotless.check.skip=true) >/dev/null
CP="$ROOT/cli/target/aim-engine.jar:$ROOT/test-support/target/classes"
"$JDK/bin/java" -cp "$CP" "$ROOT/bench/CacheBench.java" "$ROOT/bin/aim-engine" "${1:-2048}" "${2:-4}" "${3:-3}"
