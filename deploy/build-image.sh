#!/usr/bin/env bash
# Builds AIM Engine's container images.
#
#   deploy/build-image.sh cpu    localhost/aim-engine-cpu:<version>: a Debian bookworm base made
#                                 here (mmdebstrap through apt, no registry), a jlink'ed Java runtime
#                                 from the build JDK, the CLI and AIM Engine's llama.cpp server.
#   deploy/build-image.sh rocm   aim-engine:<version>-rocm from deploy/Dockerfile (FROM the pinned
#                                 rocm/vllm image): needs a registry that serves rocm/vllm.
#
# The tag is the one the catalog's image table (images/engine-images.tsv) names. A rebuild is
# skipped when the image exists with the same inputs (hash of the jars, the runtime and the
# Containerfile in its io.aimengine.inputs label); the Debian root file system is cached under
# AIM_IMAGE_CACHE (default ~/.cache/aim-engine/image). Uses podman, else docker (AIM_CONTAINER_CLI
# overrides). The jars are rebuilt first when sources are newer, unless AIM_IMAGE_JARS=as-built.
# Exit codes: 0 built or up to date, 1 build failed, 2 bad usage.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"

usage() { echo "usage: deploy/build-image.sh cpu|rocm" >&2; exit 2; }
[ $# -eq 1 ] || usage
KIND=$1
CLI=${AIM_CONTAINER_CLI:-$(command -v podman || command -v docker || true)}
[ -n "$CLI" ] || { echo "build-image: neither podman nor docker is installed" >&2; exit 1; }
VERSION=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
FORMAT=""; [ "$(basename "$CLI")" = podman ] && FORMAT="--format docker"  # HEALTHCHECK needs the docker format
CACHE=${AIM_IMAGE_CACHE:-$HOME/.cache/aim-engine/image}
mkdir -p "$CACHE"

jars() {
  # AIM_IMAGE_JARS=as-built: use the jars as they are (tests, while the reactor owns target/).
  if [ "${AIM_IMAGE_JARS:-}" = as-built ]; then
    [ -f "$ROOT/cli/target/aim-engine.jar" ] && [ -f "$ROOT/llama-server/target/aim-llama-server.jar" ] \
      || { echo "build-image: the CLI and llama-server jars are not built" >&2; exit 1; }
    return 0
  fi
  if [ ! -f "$ROOT/cli/target/aim-engine.jar" ] || [ ! -f "$ROOT/llama-server/target/aim-llama-server.jar" ] \
     || [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main "$ROOT/recipes" "$ROOT/models" "$ROOT/images" \
           -newer "$ROOT/cli/target/aim-engine.jar" -type f -print -quit 2>/dev/null)" ]; then
    JDK=$(aim_find_jdk need-javac) || exit 1
    echo "build-image: building the CLI and llama-server jars..." >&2
    (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -DskipTests -DskipITs -Dspotless.check.skip=true \
        -pl cli,llama-server -am package) >&2
  fi
}

base() {
  # The Debian root file system: made once with mmdebstrap (about a minute through the apt
  # mirrors), imported as localhost/aim-engine-base:bookworm.
  local tar="$CACHE/bookworm-minbase.tar"
  if [ ! -f "$tar" ]; then
    command -v mmdebstrap >/dev/null || { echo "build-image: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
    echo "build-image: making a Debian bookworm base with mmdebstrap..." >&2
    mmdebstrap --quiet --format=tar --variant=minbase --include=libgomp1,curl,ca-certificates bookworm "$tar.tmp" >&2
    mv "$tar.tmp" "$tar"
  fi
  local sum
  sum=$(sha256sum "$tar" | cut -c1-16)
  if [ "$("$CLI" image inspect --format '{{index .Labels "io.aimengine.inputs"}}' localhost/aim-engine-base:bookworm 2>/dev/null || true)" != "$sum" ] \
     && [ "$("$CLI" image inspect --format '{{.Comment}}' localhost/aim-engine-base:bookworm 2>/dev/null || true)" != "$sum" ]; then
    "$CLI" import --quiet --message "$sum" "$tar" localhost/aim-engine-base:bookworm >/dev/null
  fi
}

jre() {
  # A jlink'ed runtime from the build JDK with the modules the CLI and the server use.
  local JDK; JDK=$(aim_find_jdk need-javac) || exit 1
  local modules=java.base,java.logging,java.sql,java.net.http,java.naming,java.management,java.xml,java.instrument,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.httpserver
  local out; out="$CACHE/jre-$(basename "$JDK")-$(echo "$modules" | sha256sum | cut -c1-8)"
  if [ ! -x "$out/bin/java" ]; then
    rm -rf "$out.tmp"
    "$JDK/bin/jlink" --add-modules "$modules" \
      --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$out.tmp" >&2
    mv "$out.tmp" "$out"
  fi
  echo "$out"
}

case $KIND in
  cpu)
    TAG="localhost/aim-engine-cpu:$VERSION"
    jars
    base
    JRE=$(jre)
    CTX=$(mktemp -d)
    trap 'rm -rf "$CTX"' EXIT
    cp -r "$JRE" "$CTX/jre"
    cp "$ROOT/cli/target/aim-engine.jar" "$ROOT/llama-server/target/aim-llama-server.jar" "$CTX/"
    cp "$ROOT/deploy/cpu/Containerfile" "$ROOT/deploy/cpu/llama-server" "$ROOT/deploy/cpu/aim-engine" "$CTX/"
    INPUTS=$( (cd "$CTX" && find . -type f -print0 | sort -z | xargs -0 sha256sum; \
               "$CLI" image inspect --format '{{.Id}}' localhost/aim-engine-base:bookworm) | sha256sum | cut -c1-16)
    if [ "$("$CLI" image inspect --format '{{index .Labels "io.aimengine.inputs"}}' "$TAG" 2>/dev/null || true)" = "$INPUTS" ]; then
      echo "build-image: $TAG is up to date"
      exit 0
    fi
    echo "build-image: building $TAG..." >&2
    "$CLI" build --quiet --pull=never $FORMAT --label "io.aimengine.inputs=$INPUTS" --label "io.aimengine.version=$VERSION" \
      -t "$TAG" -f "$CTX/Containerfile" "$CTX" >/dev/null
    echo "build-image: built $TAG"
    ;;
  rocm)
    # Cannot be built without a registry that serves the rocm/vllm base (not on this CI machine).
    TAG="aim-engine:$VERSION-rocm"
    jars
    JRE=$(jre)
    CTX=$(mktemp -d)
    trap 'rm -rf "$CTX"' EXIT
    cp -r "$JRE" "$CTX/jre"
    cp "$ROOT/cli/target/aim-engine.jar" "$ROOT/deploy/cpu/aim-engine" "$CTX/"
    echo "build-image: building $TAG from deploy/Dockerfile (pulls the pinned rocm/vllm base)..." >&2
    if ! "$CLI" build $FORMAT --build-arg "AIM_VERSION=$VERSION" -t "$TAG" -f "$ROOT/deploy/Dockerfile" "$CTX"; then
      echo "build-image: could not build $TAG: the pinned rocm/vllm base needs a registry (Docker Hub) that answers" >&2
      exit 1
    fi
    echo "build-image: built $TAG"
    ;;
  *) usage ;;
esac
