# shellcheck shell=bash
# Sourced by bin/aim-engine and bin/test: finds a JDK >= 21 without trusting the caller's `java`.
# Order: $AIM_JAVA_HOME, $JAVA_HOME, the newest of /usr/lib/jvm/* and /opt/java/*, then `java` on
# PATH. Runs on every command, so it starts no process where the shell can do the work itself.

# Sets AIM_MAJOR to the feature version of the JDK at $1 (from its release file); fails when $1 has
# no bin/java or no version can be read.
_aim_major() {
  local home=$1 line v=""
  AIM_MAJOR=""
  [ -x "$home/bin/java" ] || return 1
  if [ -r "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v#\"}; v=${v%%\"*}; break ;;
      esac
    done <"$home/release"
  fi
  if [ -z "$v" ]; then # no release file: ask the JVM (slow, rare)
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  case $v in '' | *[!0-9]*) return 1 ;; esac
  AIM_MAJOR=$v
}

aim_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  _aim_major "$1" && printf '%s\n' "$AIM_MAJOR"
}

# Sets AIM_JDK (home) and AIM_JDK_MAJOR to a JDK >= 21 (with javac when $1 = need-javac), or fails
# with a one-line reason on stderr.
aim_pick_jdk() {
  local need_javac=${1:-} c best="" best_major=0
  local -a explicit=() found=()
  AIM_JDK="" AIM_JDK_MAJOR=""
  [ -n "${AIM_JAVA_HOME:-}" ] && explicit+=("$AIM_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && explicit+=("$JAVA_HOME")
  for c in "${explicit[@]}"; do
    _aim_ok "$c" "$need_javac" || continue
    AIM_JDK=$c AIM_JDK_MAJOR=$AIM_MAJOR
    return 0
  done
  for c in /usr/lib/jvm/*/ /opt/java/*/; do
    [ -d "$c" ] && found+=("${c%/}")
  done
  for c in "${found[@]}"; do
    _aim_ok "$c" "$need_javac" || continue
    if [ "$AIM_MAJOR" -gt "$best_major" ]; then best=$c best_major=$AIM_MAJOR; fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    c=${c%/bin/java}
    _aim_ok "$c" "$need_javac" && best=$c best_major=$AIM_MAJOR
  fi
  if [ -n "$best" ]; then
    AIM_JDK=$best AIM_JDK_MAJOR=$best_major
    return 0
  fi
  echo "aim-engine: no JDK 21 or newer found (looked at AIM_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*, java on PATH); install one or set AIM_JAVA_HOME" >&2
  return 1
}

_aim_ok() { # $1 = candidate home, $2 = need-javac or empty; sets AIM_MAJOR
  _aim_major "$1" || return 1
  [ "$AIM_MAJOR" -ge 21 ] || return 1
  [ "${2:-}" != need-javac ] || [ -x "$1/bin/javac" ]
}

aim_find_jdk() { # prints a JDK home (with javac when $1 = need-javac) or fails with a one-line reason
  aim_pick_jdk "${1:-}" && printf '%s\n' "$AIM_JDK"
}

aim_maven_opts() { # quiets JDK 24+ warnings about Maven's own use of sun.misc.Unsafe
  if _aim_major "$1" && [ "$AIM_MAJOR" -ge 24 ]; then
    printf '%s' "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    printf '%s' "${MAVEN_OPTS:-}"
  fi
}
