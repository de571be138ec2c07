#!/usr/bin/env bash
# A/B of Gatehouse variants against the bench mock: CPU per request (the steadiest figure on a shared machine) and
# throughput, variants interleaved over several rounds. Each variant is "name|jar|--set options…|extra JVM options",
# the last part optional; every variant is started by the ./gatehouse launcher with its shipped defaults, the extra
# JVM options going in as GATEHOUSE_JAVA_OPTS (so they override the defaults they repeat), e.g.
#   bench/ab.sh "log-off|target/gatehouse.jar|--set access.log.enabled=false" "log-on|target/gatehouse.jar|"
#   BODY=chat-stream.json bench/ab.sh "c1|target/gatehouse.jar||-XX:TieredStopAtLevel=1" "c2|target/gatehouse.jar|"
#   LANE=governed bench/ab.sh "g1|target/gatehouse.jar||-XX:+UseG1GC" "serial|target/gatehouse.jar|"
# Prints per run: name, req/s, CPU µs per request of the process, of its threads whose name starts with THREAD
# (default gatehouse-acces: the access log writer; Linux keeps 15 characters of a thread's name), latency p50 and
# time to first byte p50 in ms, the process's peak RSS in MiB and latency p99 in ms.
# Settings (environment): ROUNDS=3 WARMUP=8 DURATION=10 CONC=16 BODY=chat.json (or chat-stream.json, both in
#   bench/load/bodies) THREAD LANE=passthrough (a lane of bench/run.sh) MOCK_PORT=18080 GH_PORT=18090
#   GH_ADMIN_PORT=18091
#   LIMITS_REDIS=redis://127.0.0.1:6391 gives every variant that redis.url (which the limited lane needs) and, on the
#   other lanes, measures it twice in the same process: with the lane's key ("name") and with a second key whose
#   limits are set but never reached ("name+limits"); LIMITS_JSON as bench/run.sh (default all four limits).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-8} DURATION=${DURATION:-10} CONC=${CONC:-16} BODY=${BODY:-chat.json}
LANE=${LANE:-passthrough}
TICK=$(getconf CLK_TCK)

BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-ab-XXXXXX")
bench_compile
for variant in "$@"; do IFS='|' read -r _ jar _ <<<"$variant"; bench_prime_archive "$jar"; done
bench_start_mock
GH_PID=
trap bench_cleanup EXIT

THREAD=${THREAD:-gatehouse-acces}
thread_cpu() { # pid -> CPU ticks of the threads named $THREAD*
  local total=0 t
  for t in /proc/"$1"/task/*; do
    if [[ $(cat "$t/comm" 2>/dev/null) == "$THREAD"* ]]; then
      total=$(( total + $(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}') ))
    fi
  done
  echo "$total"
}

run_variant() { # name jar options jvm-options -> prints per key "name rps cpu_us_per_req thread_us_per_req p50_ms ttfb_p50_ms peak_rss_mib p99_ms"
  local name=$1 jar=$2 opts=$3 jvm_opts=$4 keys key
  GH_SET="$opts${LIMITS_REDIS:+ --set redis.url=$LIMITS_REDIS}" GATEHOUSE_JAR=$jar GATEHOUSE_JAVA_OPTS=$jvm_opts \
    bench_start_gatehouse "$BENCH_ROOT/gatehouse"
  bench_seed
  keys=("$name|$(bench_seed_lane "$LANE")")
  if [[ -n ${LIMITS_REDIS:-} && $LANE != limited ]]; then
    keys+=("$name+limits|$(bench_seed_lane limited)")
  fi
  sleep 1
  for key in "${keys[@]}"; do
    bench_load --request "http://127.0.0.1:$GH_PORT/v1/chat/completions" "$BENCH_HOME/load/bodies/$BODY" \
      --header "Authorization: Bearer ${key#*|}" --concurrency "$CONC" --pid "$GH_PID" --json --duration "$WARMUP" >/dev/null
  done
  for key in "${keys[@]}"; do
    local load=(--request "http://127.0.0.1:$GH_PORT/v1/chat/completions" "$BENCH_HOME/load/bodies/$BODY"
      --header "Authorization: Bearer ${key#*|}" --concurrency "$CONC" --pid "$GH_PID" --json)
    local thread_before thread_after out
    thread_before=$(thread_cpu "$GH_PID")
    out=$(bench_load "${load[@]}" --duration "$DURATION")
    thread_after=$(thread_cpu "$GH_PID")
    echo "${key%%|*} $(jq -r .rps <<<"$out") $(jq -r '.cpu_us_per_req | round' <<<"$out")" \
      "$(( (thread_after - thread_before) * 1000000 / TICK / $(jq -r '.completed + .errors' <<<"$out") ))" \
      "$(jq -r .p50_ms <<<"$out") $(jq -r .ttfb_p50_ms <<<"$out") $(jq -r .peak_rss_mib <<<"$out") $(jq -r .p99_ms <<<"$out")"
  done
  bench_stop_gatehouse
}

for round in $(seq 1 "$ROUNDS"); do
  for variant in "$@"; do
    IFS='|' read -r name jar opts jvm_opts <<<"$variant"
    bench_log "round $round: $name"
    run_variant "$name" "$jar" "$opts" "${jvm_opts:-}"
  done
done
