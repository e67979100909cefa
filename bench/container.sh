#!/usr/bin/env bash
# Container launch benchmark, paired: RUNS times (default 1), each
#   ours:  `aim-engine launch tiny.gguf --backend llamacpp --runtime container --detach`, which
#          returns once /health is 200, /v1/models names the model and a smoke completion answered;
#   plain: `podman run -d` of the same image, model mount and llama-server argv, then curl polling
#          /health every 20 ms until 200, then /v1/models, then one completion: the same point;
# and prints both wall times and their ratio (target <= 1.2). With BASELINE=DIR (another built
# checkout, e.g. an older commit) each run also times DIR/bin/aim-engine's launch, under the same
# load, for before/after figures from one run. Needs a container engine (DOCKER_HOST, or podman's
# default) and builds the CPU image first (deploy/build-image.sh cpu).
# Usage: [BASELINE=DIR] bench/container.sh [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
RUNS=${1:-1}
cd "$ROOT"
"$ROOT/deploy/build-image.sh" cpu >&2
VERSION=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
IMAGE="localhost/aim-engine-cpu:$VERSION"
PODMAN=(podman)
[ -n "${DOCKER_HOST:-}" ] && PODMAN=(podman --url "$DOCKER_HOST")
WORK=$(mktemp -d)
chmod 755 "$WORK"   # the image runs as a non-root user: the model mount must be readable
export AIM_HOME="$WORK/home"
NAME=aim-bench-$$
cleanup() {
  "$ROOT/bin/aim-engine" stop --all --timeout 5s >/dev/null 2>&1 || true
  "${PODMAN[@]}" rm -f "$NAME-plain" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"$JDK/bin/java" -cp test-support/target/classes io.aimengine.testsupport.TinyGguf "$WORK/tiny.gguf" >/dev/null
ms() { date +%s%3N; }
# Warm the start-up cache that launch uses once, outside the timings (`launch --runtime container
# --help` takes the same cache as the container launch; `--version` has a cache of its own, so run
# 1 used to include the training).
"$ROOT/bin/aim-engine" launch --runtime container --help >/dev/null

BASELINE=${BASELINE:-}
[ -z "$BASELINE" ] || AIM_SKIP_BUILD=1 "$BASELINE/bin/aim-engine" launch --runtime container --help >/dev/null
if [ -n "$BASELINE" ]; then
  printf "%-4s %10s %10s %7s %12s %7s\n" run ours_ms plain_ms ratio baseline_ms ratio
else
  printf "%-4s %10s %10s %7s\n" run ours_ms plain_ms ratio
fi
RATIOS=()
for i in $(seq 1 "$RUNS"); do
  P1=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  t0=$(ms)
  "$ROOT/bin/aim-engine" launch "$WORK/tiny.gguf" --backend llamacpp --runtime container --detach \
    --name "$NAME" --port "$P1" >/dev/null 2>"$WORK/launch.err" || { cat "$WORK/launch.err" >&2; exit 1; }
  t1=$(ms)
  "$ROOT/bin/aim-engine" stop "$NAME" --timeout 5s >/dev/null

  P2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  t2=$(ms)
  "${PODMAN[@]}" run -d --name "$NAME-plain" -p "127.0.0.1:$P2:8080" -v "$WORK:/workspace/model:ro" \
    --entrypoint llama-server "$IMAGE" --model /workspace/model/tiny.gguf --host 0.0.0.0 --port 8080 >/dev/null
  until curl -fs -o /dev/null "http://127.0.0.1:$P2/health"; do sleep 0.02; done
  curl -fs -o /dev/null "http://127.0.0.1:$P2/v1/models"
  curl -fs -o /dev/null "http://127.0.0.1:$P2/v1/completions" -H 'Content-Type: application/json' \
    -d '{"model":"/workspace/model/tiny.gguf","prompt":"Hello","max_tokens":4}'
  t3=$(ms)
  "${PODMAN[@]}" rm -f "$NAME-plain" >/dev/null

  ours=$((t1 - t0)); plain=$((t3 - t2))
  RATIOS+=("$(echo "$ours / $plain" | bc -l)")
  if [ -z "$BASELINE" ]; then
    printf "%-4s %10d %10d %7.2f\n" "$i" "$ours" "$plain" "$(echo "$ours / $plain" | bc -l)"
    continue
  fi
  P3=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  t4=$(ms)
  AIM_SKIP_BUILD=1 "$BASELINE/bin/aim-engine" launch "$WORK/tiny.gguf" --backend llamacpp --runtime container \
    --detach --name "$NAME-base" --port "$P3" >/dev/null 2>"$WORK/launch.err" || { cat "$WORK/launch.err" >&2; exit 1; }
  t5=$(ms)
  AIM_SKIP_BUILD=1 "$BASELINE/bin/aim-engine" stop "$NAME-base" --timeout 5s >/dev/null
  base=$((t5 - t4))
  printf "%-4s %10d %10d %7.2f %12d %7.2f\n" "$i" "$ours" "$plain" "$(echo "$ours / $plain" | bc -l)" \
    "$base" "$(echo "$base / $plain" | bc -l)"
done
printf "median ratio %.2f (target <= 1.2)\n" "$(printf '%s\n' "${RATIOS[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
