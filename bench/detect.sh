#!/usr/bin/env bash
# Benchmark: GPU detection against fake tools on a fake 8 x MI300X node.
#
#   bench/detect.sh [RUNS] [TOOL_DELAY_SECONDS]
#
# Each run is a fresh `bin/aim-engine gpus --json` (a cold JVM, as users run it). Prints, per run,
# the command's own `detect_ms` (detection inside the process: three amd-smi calls, nvidia-smi and
# the KFD read in parallel, rocm-smi skipped) and the wall time of the whole command, then
# min/median/max. TOOL_DELAY_SECONDS makes every fake tool sleep first, like a real amd-smi (a
# Python program) does; with calls in parallel, detection costs about one delay, not four.
# Last, bench/DetectBench.java times detection inside one JVM (first call, then warm calls).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RUNS=${1:-10}
DELAY=${2:-0}
FIX="$ROOT/core/src/test/resources/fixtures/tool-outputs/derived"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/bin" "$TMP/root/dev/dri" "$TMP/root/proc"
touch "$TMP/root/dev/kfd"
N="$TMP/root/sys/class/kfd/kfd/topology/nodes"
mkdir -p "$N/0"
printf 'cpu_cores_count 96\nsimd_count 0\ngfx_target_version 0\n' >"$N/0/properties"
i=0
for bus in 05 26 46 65 85 a6 c6 e5; do
  node=$((i + 1)) minor=$((128 + 8 * i))
  mkdir -p "$N/$node/mem_banks/0"
  printf 'simd_count 1216\nsimd_per_cu 4\ngfx_target_version 90402\nvendor_id 4098\ndevice_id 29857\nlocation_id %d\ndomain 0\ndrm_render_minor %d\nlocal_mem_size 0\n' \
    $((16#$bus << 8)) "$minor" >"$N/$node/properties"
  printf 'heap_type 1\nsize_in_bytes 206141652992\n' >"$N/$node/mem_banks/0/properties"
  touch "$TMP/root/dev/dri/renderD$minor"
  i=$((i + 1))
done
cp /proc/cpuinfo /proc/meminfo "$TMP/root/proc/" 2>/dev/null || true

cat >"$TMP/bin/amd-smi" <<SH
#!/bin/sh
sleep $DELAY
case "\$1" in
  static) cat "$FIX/amd-smi_static_--asic_--bus_--vram_--json_mi300x_x8.json";;
  list) cat "$FIX/amd-smi_list_--json_mi300x_x8.json";;
  metric) cat "$FIX/amd-smi_metric_--mem-usage_--json_mi300x_x8.json";;
esac
SH
cat >"$TMP/bin/rocm-smi" <<SH
#!/bin/sh
sleep $DELAY
cat "$FIX/rocm-smi_--json_mi300x_x8.json"
SH
cat >"$TMP/bin/nvidia-smi" <<SH
#!/bin/sh
sleep $DELAY
echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9
SH
chmod +x "$TMP/bin/"*

run() {
  PATH="$TMP/bin:$PATH" AIM_SYSFS_ROOT="$TMP/root" ROCM_PATH="$TMP/none" AIM_SKIP_BUILD=1 \
    "$ROOT/bin/aim-engine" gpus --json
}
# Outside the measurement: build if needed, and let the launcher's class-data archive be written.
"$ROOT/bin/aim-engine" --help >/dev/null
run >/dev/null
detect=() wall=()
for r in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  out=$(run)
  t1=$(date +%s%N)
  d=$(printf '%s' "$out" | sed -n 's/.*"detect_ms" : \([0-9]*\).*/\1/p')
  n=$(printf '%s' "$out" | sed -n 's/.*"gpu_count" : \([0-9]*\).*/\1/p')
  src=$(printf '%s' "$out" | sed -n 's/.*"source" : "\([^"]*\)".*/\1/p')
  [ "$n" = 8 ] && [ "$src" = amd-smi ] || { echo "run $r: expected 8 GPUs from amd-smi, got '$n' from '$src'" >&2; exit 1; }
  detect+=("$d") wall+=($(((t1 - t0) / 1000000)))
  printf 'run %2d: detect %4d ms, command %5d ms\n' "$r" "$d" "${wall[-1]}"
done
stats() { sort -n | awk '{a[NR]=$1} END {printf "min %d  median %d  max %d ms\n", a[1], a[int((NR+1)/2)], a[NR]}'; }
echo "tool delay ${DELAY}s, $RUNS runs on $(nproc) cores"
printf 'detect_ms:  '; printf '%s\n' "${detect[@]}" | stats
printf 'command:    '; printf '%s\n' "${wall[@]}" | stats
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk)
PATH="$TMP/bin:$PATH" AIM_SYSFS_ROOT="$TMP/root" ROCM_PATH="$TMP/none" \
  "$JDK/bin/java" -cp "$ROOT/cli/target/aim-engine.jar" "$ROOT/bench/DetectBench.java" 20
