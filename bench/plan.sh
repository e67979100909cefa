#!/usr/bin/env bash
# Benchmark: `plan` start-up and planning cost (issue 10).
#
#   bench/plan.sh [RUNS] [GPUS]   (default 10 runs, 8 GPUs)
#
# 1. One paired run, alternating the two commands RUNS times (so load changes hit both alike):
#    `bin/aim-engine plan Qwen/Qwen3-32B --gpu MI300X --gpu-count GPUS` against AMD's own selector in
#    dry-run mode on the same model and hardware (shared/reference/aim-build/run-dry-run.sh; needs
#    Python 3.10+ with PyYAML, jsonschema and click). Prints both medians and their ratio (goal
#    <= 0.20), and the user+system CPU of each (less sensitive to a loaded machine than wall time).
#    bench/paired.py times each run from its fork to its wait4, with no timing process around it.
#    A Docker API socket that answers (DOCKER_HOST, or the usual ones) is part of what a plan asks:
#    run it once with one (`. bin/container-engine.sh; aim_container_engine_start`) and once without.
# 2. bench/PlanBench.java: the cold plan of an uncatalogued model whose facts come from the Hub
#    stand-in (one process per run, empty cache) and the second, offline plan; then in-process
#    planning time for one model against synthetic catalogs of 100 and 10,000 recipes.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RUNS=${1:-10}
GPUS=${2:-8}
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
PEER=${AIM_PEER_DRY_RUN:-$ROOT/../shared/reference/aim-build/run-dry-run.sh}
[ -x "$PEER" ] || PEER=/work/shared/reference/aim-build/run-dry-run.sh
# Build (if stale) and let the launcher write its start-up cache, outside the measurement.
"$ROOT/bin/aim-engine" --version >/dev/null
AIM_SKIP_BUILD=1 "$ROOT/bin/aim-engine" plan Qwen/Qwen3-32B --gpu MI300X --gpu-count "$GPUS" >/dev/null

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# wall ms and user+sys ms of one command (GNU time), output discarded
measure() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$TMP/cpu" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  t1=$(date +%s%N)
  printf '%d %d\n' $(((t1 - t0) / 1000000)) "$(awk '{printf "%d", ($1 + $2) * 1000}' "$TMP/cpu")"
}
if [ -x "$PEER" ]; then
  "$PEER" Qwen/Qwen3-32B MI300X "$GPUS" >/dev/null 2>&1 || { echo "plan.sh: $PEER does not run here (Python 3.10+ with PyYAML, jsonschema, click)" >&2; PEER=""; }
else
  PEER=""
fi
echo "$RUNS paired runs (Qwen/Qwen3-32B, $GPUS x MI300X) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), DOCKER_HOST=${DOCKER_HOST:-unset}"
if [ -n "$PEER" ]; then
  # Alternated pairs, each command timed by bench/paired.py from its fork to wait4 (no timing
  # processes around it; Python is there, the peer needs it). The command exactly as a user runs
  # it, the launcher's check that the build is current included (~5 ms for ~440 files).
  python3 "$ROOT/bench/paired.py" "$RUNS" 0.20 \
    "aim-engine plan" -- "$ROOT/bin/aim-engine" plan Qwen/Qwen3-32B --gpu MI300X --gpu-count "$GPUS" \
    -- "AMD dry-run" -- "$PEER" Qwen/Qwen3-32B MI300X "$GPUS"
else
  # No peer (and perhaps no Python): our own figure alone, through GNU time.
  ours=() ours_cpu=()
  for r in $(seq "$RUNS"); do
    read -r w c < <(measure "$ROOT/bin/aim-engine" plan Qwen/Qwen3-32B --gpu MI300X --gpu-count "$GPUS")
    ours+=("$w") ours_cpu+=("$c")
    printf 'run %2d: aim-engine plan %5d ms (cpu %4d)\n' "$r" "${ours[-1]}" "${ours_cpu[-1]}"
  done
  median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "aim-engine plan: median $(printf '%s\n' "${ours[@]}" | median) ms wall, $(printf '%s\n' "${ours_cpu[@]}" | median) ms cpu"
fi

(cd "$ROOT" && JAVA_HOME="$JDK" MAVEN_OPTS="$(aim_maven_opts "$JDK")" \
  mvn -B -q -o -pl test-support compile -Dspotless.check.skip=true) >/dev/null
CP="$ROOT/cli/target/aim-engine.jar:$ROOT/test-support/target/classes"
"$JDK/bin/java" -cp "$CP" "$ROOT/bench/PlanBench.java" "$ROOT/bin/aim-engine" "$(( RUNS < 5 ? RUNS : 5 ))"
