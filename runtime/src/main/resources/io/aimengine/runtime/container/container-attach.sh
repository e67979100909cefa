# AIM Engine container attach (POSIX sh, curl). The engine command the endpoint monitor
# (aim-monitor.sh) runs for a container endpoint, so that restarts, back-off, the circuit breaker,
# the launcher watch and liveness are the monitor's, exactly as for a process: one state machine,
# two runtimes. Starts the container through the Docker Engine API (nothing happens when it already
# runs, HTTP 304), waits until it ends (GET /containers/ID/json once a second) and exits with its
# exit code.
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
# Wait by polling the container's state once a second: Podman's /containers/ID/wait long-poll
# costs its service seconds of CPU per minute (measured with bench/container.sh), an inspect a few
# milliseconds.
tries=0
while :; do
  if [ "$stopping" = 1 ]; then
    stopping=2
    api POST "/containers/$id/stop?t=$grace" /dev/null >/dev/null
  fi
  code=$(api GET "/containers/$id/json" "$run/inspect.json")
  case $code in
    200)
      tries=0
      if ! grep -q '"Running": *true' "$run/inspect.json"; then
        status=$(grep -o '"ExitCode": *[0-9-]*' "$run/inspect.json" | head -n 1 | sed 's/.*: *//')
        rm -f "$run/inspect.json"
        case $status in '' | -*) exit 125 ;; esac
        exit "$status"
      fi
      ;;
    404) echo "aim-container-attach: container $id is gone" >&2; exit 125 ;;
    *)
      tries=$((tries + 1))
      [ "$tries" -ge 30 ] && { echo "aim-container-attach: the container engine does not answer" >&2; exit 125; }
      ;;
  esac
  [ "$stopping" = 1 ] && continue
  sleep 1 &
  waiter=$!
  wait "$waiter"
  waiter=
done
