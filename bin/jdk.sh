# shellcheck shell=bash
# Sourced by bin/aim-engine and bin/test: finds a JDK >= 21 without trusting the caller's `java`.
# Order: $AIM_JAVA_HOME, $JAVA_HOME, /usr/lib/jvm/* (newest first), /opt/java/*, then `java` on PATH.

aim_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 1
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  [ -n "$v" ] && printf '%s\n' "$v"
}

aim_find_jdk() { # prints a JDK home (with javac when $1 = need-javac) or fails with a one-line reason
  local need_javac=${1:-} c major
  local -a candidates=()
  [ -n "${AIM_JAVA_HOME:-}" ] && candidates+=("$AIM_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -1d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)"); candidates+=("${c%/bin/java}")
  fi
  for c in "${candidates[@]}"; do
    major=$(aim_jdk_major "$c") || continue
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    if [ "$need_javac" = need-javac ] && [ ! -x "$c/bin/javac" ]; then continue; fi
    printf '%s\n' "$c"
    return 0
  done
  echo "aim-engine: no JDK 21 or newer found (looked at AIM_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*, java on PATH); install one or set AIM_JAVA_HOME" >&2
  return 1
}

aim_maven_opts() { # quiets JDK 24+ warnings about Maven's own use of sun.misc.Unsafe
  local major
  major=$(aim_jdk_major "$1")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    printf '%s' "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    printf '%s' "${MAVEN_OPTS:-}"
  fi
}
