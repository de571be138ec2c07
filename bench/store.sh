#!/usr/bin/env bash
# Embedded store A/B (decision 0006): for each variant "name|jar|--set options…" (options optional), interleaved over ROUNDS rounds, on a fresh data
# directory: time to ready (the node's own figure and since the JVM started), RSS once ready, the control-plane write
# rate (bench/StoreWrites.java: COUNT repositories created by THREADS clients), RSS and peak RSS after it, then a
# restart on the now existing data directory (time to ready again). One line per run:
#   name round fresh_ready_ms fresh_jvm_ms rss_ready_mib writes_per_s rss_after_mib peak_mib existing_ready_ms existing_jvm_ms
# e.g. bench/store.sh "h2|/tmp/old/gatehouse.jar" "sqlite|target/gatehouse.jar"
#      bench/store.sh "normal|target/gatehouse.jar" "full|target/gatehouse.jar|--set db.embedded.synchronous=FULL"
# Settings (environment): ROUNDS=3 COUNT=300 THREADS=4 GH_PORT=18190 GH_ADMIN_PORT=18191 GH_JAVA_OPTS (default none)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROUNDS=${ROUNDS:-3} COUNT=${COUNT:-300} THREADS=${THREADS:-4}
GH_PORT=${GH_PORT:-18190} GH_ADMIN_PORT=${GH_ADMIN_PORT:-18191} GH_JAVA_OPTS=${GH_JAVA_OPTS:-}
if [[ -z ${JAVA_HOME:-} ]]; then JAVA_HOME=$("$HERE/../scripts/java-home.sh"); fi
JAVA=$JAVA_HOME/bin/java
PASSWORD=bench-store-password-1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-store-XXXXXX")
PID=
cleanup() { [[ -n $PID ]] && kill -9 "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# Starts the jar on a data directory and waits for "Gatehouse ready"; sets PID, READY (the node's ms) and JVM_READY.
start() {
  local jar=$1 data=$2 options=$3 log=$2.log
  # shellcheck disable=SC2086
  "$JAVA" $GH_JAVA_OPTS -jar "$jar" serve $options --data-dir "$data" --gateway-port "$GH_PORT" --admin-port "$GH_ADMIN_PORT" \
    --set "admin.password=$PASSWORD" >"$log" 2>&1 &
  PID=$!
  for _ in $(seq 1 1200); do
    if grep -q 'Gatehouse ready' "$log"; then
      read -r READY JVM_READY < <(sed -n 's/.*Gatehouse ready in \([0-9]*\) ms (\([0-9]*\) ms since the JVM started).*/\1 \2/p' "$log")
      return
    fi
    sleep 0.05
  done
  echo "no start: $(tail -5 "$log")" >&2; exit 1
}
rss() { awk -v f="$1" '$1 == f":" {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

for round in $(seq 1 "$ROUNDS"); do
  for variant in "$@"; do
    IFS='|' read -r name jar options <<<"$variant"
    data=$WORK/$name-$round
    start "$jar" "$data" "$options"
    fresh=$READY fresh_jvm=$JVM_READY
    sleep 2
    ready_rss=$(rss VmRSS)
    writes=$("$JAVA" "$HERE/StoreWrites.java" "http://127.0.0.1:$GH_ADMIN_PORT" "$PASSWORD" "$COUNT" "$THREADS" | cut -d' ' -f1)
    after_rss=$(rss VmRSS) peak=$(rss VmHWM)
    stop
    start "$jar" "$data" "$options"
    existing=$READY existing_jvm=$JVM_READY
    stop
    echo "$name $round $fresh $fresh_jvm $ready_rss $writes $after_rss $peak $existing $existing_jvm"
  done
done
