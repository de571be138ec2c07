#!/usr/bin/env bash
# Prints a JAVA_HOME holding a JDK 21 or newer (Java 25 preferred), or explains what is missing and fails.
# Sourced by ./gatehouse and .ci/run so both pick the same JDK.
set -euo pipefail

java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for dir in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
  [ -d "$dir" ] && candidates+=("$dir")
done
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi

for home in "${candidates[@]}"; do
  if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
    major=$(java_major "$home" || echo 0)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      echo "$home"
      exit 0
    fi
  fi
done

echo "Gatehouse needs a JDK 21 or newer (Java 25 recommended) and found none." >&2
echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
exit 1
