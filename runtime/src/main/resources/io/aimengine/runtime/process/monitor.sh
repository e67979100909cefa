# AIM Engine endpoint monitor (POSIX sh). Started by aim-engine as the leader of a new session and
# process group; runs the engine as its child in that group, so one signal to the group reaches the
# engine and everything the engine started. Records in RUN_DIR:
#   engine.pid   the current engine pid
#   events       "restart <epoch_s> exit=<code> attempt=<n> delay=<s>" per restart,
#                "gave-up <epoch_s> exit=<code> crashes=<n> window=<s>" when the breaker opens
#   exit         the engine's final exit status (128+N when killed by signal N)
# Restarts (policy on-failure) happen only once RUN_DIR/armed exists (aim-engine creates it when the
# endpoint is ready: a crash during start-up fails the launch instead), only after a non-zero exit,
# and not once a stop was requested (SIGTERM/SIGINT/SIGHUP to this shell). Back-off doubles from
# 1 s up to 30 s; more than MAX_RESTARTS crashes within WINDOW_S seconds opens the breaker.
# usage: sh aim-monitor.sh RUN_DIR POLICY MAX_RESTARTS WINDOW_S ENGINE_ARGV...
run=$1
policy=$2
max=$3
window=$4
shift 4
stopping=0
child=
crashes=
on_signal() {
  stopping=1
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap on_signal TERM INT HUP
while :; do
  "$@" &
  child=$!
  echo "$child" >"$run/engine.pid"
  while :; do
    wait "$child"
    code=$?
    kill -0 "$child" 2>/dev/null || break
  done
  if [ "$stopping" = 1 ] || [ "$policy" != on-failure ] || [ "$code" = 0 ] || [ ! -f "$run/armed" ]; then
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
done
echo "$code" >"$run/exit.tmp" && mv "$run/exit.tmp" "$run/exit"
exit "$code"
