# AIM Engine container attach (POSIX sh, curl). The engine command the endpoint monitor
# (aim-monitor.sh) runs for a container endpoint, so that restarts, back-off, the circuit breaker,
# the launcher watch and liveness are the monitor's, exactly as for a process: one state machine,
# two runtimes. Starts the container through the Docker Engine API (nothing happens when it already
# runs, HTTP 304), streams its output into LOG_FILE while it runs, and exits with its exit code once
# it has ended.
# Output: GET /containers/ID/logs?follow (stdout and stderr, no timestamps, only what this run of the
# container wrote: since the second it was started) is appended to LOG_FILE, the endpoint's log,
# as a process endpoint's output is; the API's multiplexed frames (8-byte header, then the payload)
# are unwrapped by perl when it is here, else by dd and od. The stream ends when the container does,
# which is when this script looks at once; otherwise it asks the container's state every 5 s (every
# second while no stream runs): Podman's /containers/ID/wait long-poll costs its service seconds of
# CPU per minute (measured with bench/container.sh), an inspect a few milliseconds.
# SIGTERM, SIGINT or SIGHUP (the monitor's stop, a liveness kill, a launcher that died during
# start-up) stops the container: SIGTERM to its init, SIGKILL after GRACE_S seconds (the container
# engine's stop), then it exits with the container's code. A container that is gone, or an API that
# does not answer for 30 s, exits 125 (Docker's code for "the container engine failed").
# usage: sh aim-container-attach.sh RUN_DIR DOCKER_HOST CONTAINER_ID GRACE_S LOG_FILE
run=$1
host=$2
id=$3
grace=$4
log=$5
sock=
case $host in
  unix://*) sock=${host#unix://}; base=http://d ;;
  tcp://*) base=http://${host#tcp://} ;;
  *) echo "aim-container-attach: DOCKER_HOST $host: expected unix:// or tcp://" >&2; exit 125 ;;
esac
# api METHOD PATH OUT: the response body goes to OUT, the HTTP status (000: no answer) to stdout.
api() {
  curl -sS -o "$3" -w '%{http_code}' ${sock:+--unix-socket} ${sock:+"$sock"} -X "$1" "$base$2" 2>/dev/null || :
}
# demux: the API's stream of frames on stdin, their payloads on stdout as they come.
demux() {
  if command -v perl >/dev/null 2>&1; then
    perl -e '$| = 1; binmode STDIN; binmode STDOUT;
      while (read(STDIN, $h, 8) == 8) {
        my $n = unpack("x4 N", $h);
        last if read(STDIN, $b, $n) != $n;
        print $b;
      }'
  else
    while h=$(dd bs=1 count=8 2>/dev/null | od -An -v -tu1) && [ -n "$h" ]; do
      # shellcheck disable=SC2086
      set -- $h
      [ $# -eq 8 ] || break
      dd ibs=1 obs=65536 count=$(($5 * 16777216 + $6 * 65536 + $7 * 256 + $8)) 2>/dev/null
    done
  fi
}
# follow SINCE: the container's output from SINCE (epoch seconds) on, until it ends; curl's pid in
# RUN_DIR/follow.pid so that a stream that outlives its container can be ended (a subshell cannot
# be: a signal that reaches it before it has reset the traps it inherited is lost).
follow() {
  curl -sS -N ${sock:+--unix-socket} ${sock:+"$sock"} \
    "$base/containers/$id/logs?follow=1&stdout=1&stderr=1&since=$1" 2>/dev/null &
  echo $! >"$run/follow.pid"
  wait $!
}
stopping=0
woke=0
broken=0
waiter=
follower=
trap 'stopping=1; [ -n "$waiter" ] && kill "$waiter" 2>/dev/null' TERM INT HUP
# The follower's end (the container ended, or the stream broke) wakes the wait below.
trap 'woke=1; [ -n "$waiter" ] && kill "$waiter" 2>/dev/null' USR1
# A restart of the same container starts at least a second after the previous run ended (the
# monitor's back-off), so SINCE never repeats the previous run's lines.
since=$(date +%s)
tries=0
while :; do
  code=$(api POST "/containers/$id/start" /dev/null)
  case $code in
    204 | 304) break ;;
    404) echo "aim-container-attach: container $id is gone" >&2; exit 125 ;;
    000 | 5*) ;;
    *) echo "aim-container-attach: cannot start container $id (HTTP $code)" >&2; exit 125 ;;
  esac
  tries=$((tries + 1))
  [ "$tries" -ge 30 ] && { echo "aim-container-attach: the container engine does not answer" >&2; exit 125; }
  sleep 1
done
# start_follower SINCE: the stream in the background; RUN_DIR/following exists until it has ended.
start_follower() {
  rm -f "$run/follow.pid"
  : >"$run/following"
  (
    trap - TERM INT HUP USR1
    follow "$1" | demux >>"$log"
    rm -f "$run/following"
    kill -USR1 $$ 2>/dev/null
  ) &
  follower=$!
}
[ -n "$log" ] && start_follower "$since"
# finish CODE: lets the follower write the container's last lines (its stream ends with the
# container; after 3 s it is ended), then exits with CODE.
finish() {
  if [ -n "$follower" ]; then
    i=0
    while [ -f "$run/following" ] && [ "$i" -lt 30 ]; do
      sleep 0.1 2>/dev/null || sleep 1
      i=$((i + 1))
    done
    if [ -f "$run/following" ]; then
      pid=$(cat "$run/follow.pid" 2>/dev/null)
      [ -n "$pid" ] && kill "$pid" 2>/dev/null
    fi
    wait "$follower"
  fi
  rm -f "$run/follow.pid" "$run/following" "$run/inspect.json"
  exit "$1"
}
tries=0
while :; do
  if [ "$stopping" = 1 ]; then
    stopping=2
    api POST "/containers/$id/stop?t=$grace" /dev/null >/dev/null
  fi
  woke=0
  code=$(api GET "/containers/$id/json" "$run/inspect.json")
  case $code in
    200)
      tries=0
      if ! grep -q '"Running": *true' "$run/inspect.json"; then
        status=$(grep -o '"ExitCode": *[0-9-]*' "$run/inspect.json" | head -n 1 | sed 's/.*: *//')
        case $status in '' | -*) finish 125 ;; esac
        finish "$status"
      fi
      ;;
    404) echo "aim-container-attach: container $id is gone" >&2; finish 125 ;;
    *)
      tries=$((tries + 1))
      [ "$tries" -ge 30 ] && { echo "aim-container-attach: the container engine does not answer" >&2; finish 125; }
      ;;
  esac
  [ "$stopping" = 1 ] && continue
  period=5
  if [ -z "$follower" ]; then
    period=1
  elif ! kill -0 "$follower" 2>/dev/null; then
    # The stream ended while the container runs: look again in a second, and when it still runs
    # then, follow it again from that moment (what it wrote in between is not in the file).
    period=1
    if [ "$broken" = 1 ]; then
      broken=0
      start_follower "$(date +%s)"
    else
      broken=1
    fi
  fi
  sleep "$period" &
  waiter=$!
  [ "$woke" = 1 ] || [ "$stopping" = 1 ] && kill "$waiter" 2>/dev/null
  wait "$waiter"
  # A trap ends the wait at once; the sleep it killed may have got the signal before it was
  # exec'd, while the forked shell still held this script's handlers, and lost it. Kill and reap
  # it until it is gone, so that no sleep outlives the script.
  while kill -0 "$waiter" 2>/dev/null; do
    kill "$waiter" 2>/dev/null
    wait "$waiter"
  done
  waiter=
done
