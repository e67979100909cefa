# shellcheck shell=bash
# Sourced by bin/aim-engine: runs a Maven build with its output in a log file and shows, meanwhile,
# what it is doing: on a terminal a spinner line with the module, the step and the time so far;
# otherwise one line per module. On failure the log's tail is printed by the caller.
#
#   aim_build_with_progress LOG mvn ARGS...     exit status: Maven's

aim_build_with_progress() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  local pid=$! start=$SECONDS frame=0 module="" step="" shown="" line=""
  local spin='|/-\'
  local tty=0
  [ -t 2 ] && tty=1
  while kill -0 "$pid" 2>/dev/null; do
    # "[INFO] Building AIM Engine core 0.1.0-SNAPSHOT  [2/6]" and "[INFO] --- compiler:3.16.0:compile ..."
    line=$(grep -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]' "$log" 2>/dev/null | tail -n 1)
    if [ -n "$line" ]; then
      module=${line#\[INFO\] Building }
      module="${module%% [0-9]*} ${module##* }"
    fi
    line=$(grep -E '^\[INFO\] --- ' "$log" 2>/dev/null | tail -n 1)
    if [ -n "$line" ]; then
      step=${line#\[INFO\] --- }
      step=${step%% *}
      step=${step%%:*}:${step##*:}
    fi
    if [ "$tty" = 1 ]; then
      printf '\r\033[K%s aim-engine: building %s %s (%ss)' "${spin:frame++%4:1}" "${module:-starting Maven}" "$step" \
        $((SECONDS - start)) >&2
    elif [ -n "$module" ] && [ "$module" != "$shown" ]; then
      echo "aim-engine: building $module" >&2
      shown=$module
    fi
    sleep 0.5
  done
  wait "$pid"
  local rc=$?
  [ "$tty" = 1 ] && printf '\r\033[K' >&2
  [ "$rc" = 0 ] && echo "aim-engine: built in $((SECONDS - start)) s" >&2
  return "$rc"
}
