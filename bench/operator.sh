#!/usr/bin/env bash
# Benchmark: the Kubernetes operator on fabric8's CRUD mock API server (in-process, loopback).
#
#   bench/operator.sh [ENDPOINTS]
#
# Creates ENDPOINTS (default 200) AIMEndpoints on a mock cluster of 4 nodes x 8 MI300X and prints
# the time until every one has its Deployment, Service and status.plan (target: <= 10 s on a
# 2-core machine), then the cost of a reconcile with nothing to do (every endpoint reconciled once
# after a GPU-relevant Node change; none may write a Deployment).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
N=${1:-200}
# shellcheck source=bin/jdk.sh
. "$ROOT/bin/jdk.sh"
JDK=$(aim_find_jdk need-javac) || exit 4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
JAVA_HOME="$JDK" MAVEN_OPTS="$(aim_maven_opts "$JDK")" mvn -B -q -o -pl operator -am \
  -DskipTests -DskipITs -Dspotless.check.skip=true -Dmdep.includeScope=test \
  -Dmdep.outputFile="$TMP/cp" test-compile dependency:build-classpath >"$TMP/build.log" 2>&1 \
  || { tail -n 30 "$TMP/build.log" >&2; exit 4; }
CP="$ROOT/operator/target/classes:$ROOT/core/target/classes:$(cat "$TMP/cp")"
echo "$(nproc) cores, $N endpoints"
"$JDK/bin/java" -cp "$CP" "$ROOT/bench/OperatorBench.java" "$N"
