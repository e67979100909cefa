#!/usr/bin/env bash
# Launch benchmark: time from the engine's /health turning 200 to `launch` reporting ready, and the
# launcher's overhead (wall time minus the engine's own start-up), over RUNS launches of a tiny
# random-weight GGUF on AIM Engine's own llama.cpp server. Usage: bench/launch.sh [RUNS] (default 5).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
RUNS=${1:-5}
cd "$ROOT"
# The CLI, the llama server and the GGUF generator (test-support) must be built.
if [ ! -f cli/target/aim-engine.jar ] || [ ! -f llama-server/target/aim-llama-server.jar ] \
  || [ ! -d test-support/target/classes ]; then
  JAVA_HOME="$JDK" MAVEN_OPTS="$(aim_maven_opts "$JDK")" \
    mvn -B -q -DskipTests -DskipITs -Dspotless.check.skip=true -pl cli,test-support -am package
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JDK/bin/java" -cp test-support/target/classes io.aimengine.testsupport.TinyGguf "$WORK/tiny.gguf" >/dev/null
"$JDK/bin/java" bench/LaunchBench.java "$ROOT" "$WORK/tiny.gguf" "$RUNS"
