# shellcheck shell=bash
# Sourced by bin/test: starts `podman system service` on a private socket for the container tests
# and exports DOCKER_HOST, unless DOCKER_HOST is already set or podman is not installed (then the
# container tests use the usual sockets, or skip with a loud message). Settings this kind of machine
# needs (DEVELOPERS.md, "Container tests"): runc (crun fails on its cgroup setup), explicit ulimits.
# Call aim_container_engine_stop when done (bin/test does it on EXIT).

AIM_PODMAN_PID=
AIM_PODMAN_DIR=

aim_container_engine_start() {
  [ -z "${DOCKER_HOST:-}" ] || return 0
  command -v podman >/dev/null 2>&1 || return 0
  AIM_PODMAN_DIR=$(mktemp -d /tmp/aim-test-podman.XXXXXX)
  cat >"$AIM_PODMAN_DIR/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$AIM_PODMAN_DIR/containers.conf"
  podman system service --time=0 "unix://$AIM_PODMAN_DIR/podman.sock" >"$AIM_PODMAN_DIR/service.log" 2>&1 &
  AIM_PODMAN_PID=$!
  for _ in $(seq 1 100); do
    [ -S "$AIM_PODMAN_DIR/podman.sock" ] && break
    sleep 0.1
  done
  if [ -S "$AIM_PODMAN_DIR/podman.sock" ]; then
    export DOCKER_HOST="unix://$AIM_PODMAN_DIR/podman.sock"
    echo "test: podman system service on $DOCKER_HOST" >&2
  else
    echo "test: podman system service did not start; container tests will be skipped:" >&2
    tail -5 "$AIM_PODMAN_DIR/service.log" >&2 || true
  fi
}

aim_container_engine_stop() {
  if [ -n "$AIM_PODMAN_PID" ] && kill -0 "$AIM_PODMAN_PID" 2>/dev/null; then
    kill "$AIM_PODMAN_PID" 2>/dev/null || true
    wait "$AIM_PODMAN_PID" 2>/dev/null || true
  fi
  [ -z "$AIM_PODMAN_DIR" ] || rm -rf "$AIM_PODMAN_DIR"
}
