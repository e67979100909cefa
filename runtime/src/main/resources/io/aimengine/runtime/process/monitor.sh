# AIM Engine endpoint monitor (POSIX sh). Started by aim-engine as the leader of a new session and
# process group; runs the engine as its child in that group, so one signal to the group reaches the
# engine and everything the engine started. Records in RUN_DIR:
#   engine.pid   the current engine pid
#   events       "restart <epoch_s> exit=<code> attempt=<n> delay=<s>" per restart,
#                "gave-up <epoch_s> exit=<code> crashes=<n> window=<s>" when the breaker opens
#   exit         the engine's final exit status (128+N when killed by signal N)
#   events       also "launcher-died <epoch_s> pid=<pid>" when the launcher ended during start-up,
#                "unhealthy <epoch_s> failures=<n>" / "healthy <epoch_s>" when liveness changes
# Restarts (policy on-failure) happen only once RUN_DIR/armed exists (aim-engine creates it when the
# endpoint is ready: a crash during start-up fails the launch instead), only after a non-zero exit,
# and not once a stop was requested (SIGTERM/SIGINT/SIGHUP to this shell). Back-off doubles from
# 1 s up to 30 s; more than MAX_RESTARTS crashes within WINDOW_S seconds opens the breaker.
# Until RUN_DIR/armed exists, a watcher checks every 0.2 s that the launching aim-engine process
# (LAUNCHER_PID with start time LAUNCHER_START, field 22 of /proc/PID/stat) is alive; when it is gone
# (even by SIGKILL, which it cannot catch) the start-up is abandoned: SIGTERM to this monitor, and
# SIGKILL to the whole group 10 s later if anything is left. LAUNCHER_PID 0 turns the watch off.
# Liveness, as the kubelet probes it: once armed, a prober GETs PROBE_URL every PERIOD_S seconds
# (timeout TIMEOUT_S; curl, else wget, else python3). A failure counts only for an engine process that
# has passed a probe or readiness (a restarted engine is loading again); FAILURES failures in a row mark the
# endpoint unhealthy, and under policy on-failure the prober SIGTERMs the engine (SIGKILL 10 s later)
# so that the restart loop below restarts it with the same back-off and circuit breaker as a crash.
# PROBE_URL "-" or PERIOD_S 0 turns liveness off.
# usage: sh aim-monitor.sh RUN_DIR POLICY MAX_RESTARTS WINDOW_S LAUNCHER_PID LAUNCHER_START
#        PROBE_URL PERIOD_S FAILURES TIMEOUT_S ENGINE_ARGV...
run=$1
policy=$2
max=$3
window=$4
lpid=$5
lstart=$6
probe_url=$7
period=$8
threshold=$9
shift 9
ptimeout=$1
shift
stopping=0
child=
crashes=
watcher=
prober=
on_signal() {
  stopping=1
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap on_signal TERM INT HUP
launcher_alive() {
  if [ ! -d /proc/self ]; then
    kill -0 "$lpid" 2>/dev/null
    return
  fi
  # read, a builtin: this runs every 0.2 s while the engine loads, and cat would be a process each time
  st=
  { read -r st <"/proc/$lpid/stat"; } 2>/dev/null || [ -n "$st" ] || return 1
  st=${st##*) }
  # shellcheck disable=SC2086
  set -- $st
  [ "$1" != Z ] && [ "$1" != X ] && [ "${20}" = "$lstart" ]
}
nap() {
  sleep 0.2 2>/dev/null || sleep 1
}
if [ "$lpid" -gt 0 ]; then
  (
    trap - TERM INT HUP
    while [ ! -f "$run/armed" ]; do
      if ! launcher_alive; then
        echo "launcher-died $(date +%s) pid=$lpid" >>"$run/events"
        kill -TERM $$ 2>/dev/null
        i=0
        while kill -0 $$ 2>/dev/null && [ "$i" -lt 50 ]; do
          nap
          i=$((i + 1))
        done
        kill -KILL 0 2>/dev/null
        exit 0
      fi
      nap
    done
  ) &
  watcher=$!
fi
probe() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null -m "$ptimeout" "$probe_url" >/dev/null 2>&1
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O /dev/null -T "$ptimeout" -t 1 "$probe_url" >/dev/null 2>&1
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2]))' \
      "$probe_url" "$ptimeout" >/dev/null 2>&1
  else
    return 0
  fi
}
if [ "$probe_url" != - ] && [ "$period" -gt 0 ]; then
  (
    sp=
    trap '[ -n "$sp" ] && kill "$sp" 2>/dev/null; exit 0' TERM
    trap - INT HUP
    fails=0
    first=
    passed=
    health=healthy
    while :; do
      sleep "$period" &
      sp=$!
      wait "$sp"
      sp=
      [ -f "$run/armed" ] || continue
      epid=$(cat "$run/engine.pid" 2>/dev/null)
      # The engine that was running when aim-engine armed the endpoint had just passed readiness.
      if [ -z "$first" ]; then
        first=$epid
        passed=$epid
      fi
      if probe; then
        [ "$health" = unhealthy ] && echo "healthy $(date +%s)" >>"$run/events"
        health=healthy
        fails=0
        passed=$epid
      elif [ -n "$epid" ] && [ "$passed" = "$epid" ]; then
        fails=$((fails + 1))
        if [ "$fails" -ge "$threshold" ]; then
          [ "$health" = healthy ] && echo "unhealthy $(date +%s) failures=$fails" >>"$run/events"
          health=unhealthy
          fails=0
          if [ "$policy" = on-failure ]; then
            : >"$run/liveness-kill"
            passed=
            kill -TERM "$epid" 2>/dev/null
            (
              sleep 10
              kill -KILL "$epid" 2>/dev/null
            ) &
          fi
        fi
      fi
    done
  ) &
  prober=$!
fi
while :; do
  "$@" &
  child=$!
  echo "$child" >"$run/engine.pid"
  while :; do
    wait "$child"
    code=$?
    kill -0 "$child" 2>/dev/null || break
  done
  # An engine the prober stopped for failing liveness counts as a crash whatever its exit code.
  failed=0
  { [ "$code" != 0 ] || [ -f "$run/liveness-kill" ]; } && failed=1
  if [ "$stopping" = 1 ] || [ "$policy" != on-failure ] || [ "$failed" = 0 ] || [ ! -f "$run/armed" ]; then
    break
  fi
  now=$(date +%s)
  kept=
  n=0
  for t in $crashes $now; do
    if [ $((now - t)) -lt "$window" ]; then
      kept="$kept $t"
      n=$((n + 1))
    fi
  done
  crashes=$kept
  if [ "$n" -gt "$max" ]; then
    echo "gave-up $now exit=$code crashes=$n window=${window}s" >>"$run/events"
    break
  fi
  delay=1
  i=1
  while [ "$i" -lt "$n" ] && [ "$delay" -lt 30 ]; do
    delay=$((delay * 2))
    i=$((i + 1))
  done
  [ "$delay" -gt 30 ] && delay=30
  echo "restart $now exit=$code attempt=$n delay=${delay}s" >>"$run/events"
  sleep "$delay" &
  child=$!
  wait "$child"
  child=
  [ "$stopping" = 1 ] && break
  # (aim-engine clears the run directory before the first start)
  rm -f "$run/liveness-kill"
done
# After a stop request the watcher is gone (the group's SIGTERM) or is the one finishing the stop.
[ "$stopping" = 0 ] && [ -n "$watcher" ] && kill -KILL "$watcher" 2>/dev/null
[ -n "$prober" ] && kill -TERM "$prober" 2>/dev/null
echo "$code" >"$run/exit.tmp" && mv "$run/exit.tmp" "$run/exit"
exit "$code"
