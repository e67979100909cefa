# AIM Engine container attach (POSIX sh, curl). The engine command the endpoint monitor
# (aim-monitor.sh) runs for a container endpoint, so that restarts, back-off, the circuit breaker,
# the launcher watch and liveness are the monitor's, exactly as for a process: one state machine,
# two runtimes. Starts the container through the Docker Engine API (nothing happens when it already
# runs, HTTP 304), waits until it ends (POST /containers/ID/wait) and exits with its exit code.
# SIGTERM, SIGINT or SIGHUP (the monitor's stop, a liveness kill, a launcher that died during
# start-up) stops the container: SIGTERM to its init, SIGKILL after GRACE_S seconds (the container
# engine's stop), then it exits with the container's code. A container that is gone, or an API that
# does not answer for 30 s, exits 125 (Docker's code for "the container engine failed").
# usage: sh aim-container-attach.sh RUN_DIR DOCKER_HOST CONTAINER_ID GRACE_S
run=$1
host=$2
id=$3
grace=$4
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
stopping=0
waiter=
trap 'stopping=1; [ -n "$waiter" ] && kill "$waiter" 2>/dev/null' TERM INT HUP
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
tries=0
while :; do
  if [ "$stopping" = 1 ]; then
    stopping=2
    api POST "/containers/$id/stop?t=$grace" /dev/null >/dev/null
  fi
  api POST "/containers/$id/wait" "$run/wait.out" >"$run/wait.code" &
  waiter=$!
  wait "$waiter"
  waiter=
  [ "$stopping" = 1 ] && continue
  code=$(cat "$run/wait.code" 2>/dev/null)
  case $code in
    200)
      status=$(sed -n 's/.*"StatusCode": *\([0-9]*\).*/\1/p' "$run/wait.out")
      rm -f "$run/wait.out" "$run/wait.code"
      [ -n "$status" ] && exit "$status"
      exit 125
      ;;
    404) echo "aim-container-attach: container $id is gone" >&2; exit 125 ;;
  esac
  tries=$((tries + 1))
  [ "$tries" -ge 30 ] && { echo "aim-container-attach: the container engine does not answer" >&2; exit 125; }
  sleep 1
done
