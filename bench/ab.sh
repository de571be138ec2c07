#!/usr/bin/env bash
# A/B of Gatehouse variants against the bench mock: CPU per request (the steadiest figure on a shared machine) and
# throughput, variants interleaved over several rounds. Each variant is "name|jar|--set options…|extra JVM options",
# the last part optional, e.g.
#   bench/ab.sh "log-off|target/gatehouse.jar|--set access.log.enabled=false" "log-on|target/gatehouse.jar|"
#   BODY=chat-stream.json bench/ab.sh "c1|target/gatehouse.jar||-XX:TieredStopAtLevel=1" "c2|target/gatehouse.jar|"
# Prints per run: name, req/s, CPU µs per request of the process, of its threads whose name starts with THREAD
# (default gatehouse-acces: the access log writer; Linux keeps 15 characters of a thread's name), time to first
# byte p50 in ms and the process's peak RSS in MiB.
# Settings (environment): ROUNDS=3 WARMUP=8 DURATION=10 CONC=16 BODY=chat.json (or chat-stream.json) THREAD
#   GH_JAVA_OPTS (as bench/run.sh), SHARED_BENCH (../shared/bench), MOCK_PORT=18080 GH_PORT=18090 GH_ADMIN_PORT=18091
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-8} DURATION=${DURATION:-10} CONC=${CONC:-16} BODY=${BODY:-chat.json}
MOCK_PORT=${MOCK_PORT:-18080} GH_PORT=${GH_PORT:-18090} GH_ADMIN_PORT=${GH_ADMIN_PORT:-18091}
GH_JAVA_OPTS=${GH_JAVA_OPTS:-"-XX:+UseSerialGC -Xms16m -Xmx56m -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=40m -Xss256k -XX:CICompilerCount=2 -XX:+UseCompactObjectHeaders -XX:CompileCommand=quiet -XX:CompileCommand=memlimit,*.*,8m"}
if [[ -z ${JAVA_HOME:-} && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
TICK=$(getconf CLK_TCK)
log() { printf '[ab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-ab-XXXXXX")
mkdir -p "$WORK/build"
"${JAVA_HOME:+$JAVA_HOME/bin/}javac" -d "$WORK/build" "$SHARED_BENCH/mock/MockUpstream.java" "$SHARED_BENCH/load/LoadGen.java"
MOCK_PORT=$MOCK_PORT MOCK_QUIET=1 "$JAVA" -XX:+UseSerialGC -Xmx256m -cp "$WORK/build" MockUpstream >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
GH_PID=
cleanup() { [[ -n $GH_PID ]] && kill "$GH_PID" 2>/dev/null; kill "$MOCK_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

THREAD=${THREAD:-gatehouse-acces}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
thread_cpu() { # pid -> CPU ticks of the threads named $THREAD*
  local total=0 t
  for t in /proc/"$1"/task/*; do
    if [[ $(cat "$t/comm" 2>/dev/null) == "$THREAD"* ]]; then
      total=$(( total + $(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}') ))
    fi
  done
  echo "$total"
}
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));if(v===undefined)process.exit(1);console.log(v)})' "$1"; }

run_variant() { # name jar options jvm-options -> prints "name rps cpu_us_per_req thread_us_per_req ttfb_p50_ms peak_rss_mib"
  local name=$1 jar=$2 opts=$3 jvm_opts=$4 data
  data=$(mktemp -d "$WORK/data-XXXX")
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=1 "$JAVA" $GH_JAVA_OPTS $jvm_opts -jar "$jar" serve --data-dir "$data" --gateway-port "$GH_PORT" \
    --admin-port "$GH_ADMIN_PORT" --set admin.email=ab@gatehouse.local --set admin.password=ab-owner-password-1 \
    --set providers.private.allowlist="127.0.0.1:$MOCK_PORT" $opts \
    >"$data/gatehouse.log" 2>&1 &
  GH_PID=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$GH_PORT/readyz" >/dev/null && break; sleep 0.2; done
  local admin=http://127.0.0.1:$GH_ADMIN_PORT token ws llm repo key
  call() { curl -sf -X "$1" "$admin$2" -H "Authorization: Bearer ${token:-}" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}; }
  token=$(call POST /user/login '{"email":"ab@gatehouse.local","password":"ab-owner-password-1"}' | json accessToken)
  ws=$(call GET '/workspace?take=100' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).workspaces.find(w=>w.default).id))')
  llm=$(call POST /ai/llm "{\"name\":\"mock\",\"aiType\":\"OTHER\",\"endpoint\":\"http://127.0.0.1:$MOCK_PORT/v1\",\"workspaceId\":\"$ws\"}" | json aiLlmId)
  repo=$(call POST /repo "{\"name\":\"ab\",\"workspaceId\":\"$ws\",\"repoAiLlms\":[{\"aiLlmId\":\"$llm\"}]}" | json repoId)
  key=$(call POST "/repo/$repo/ai/apikey" '{"name":"ab"}' | json secret)
  sleep 1
  local load=("$JAVA" -cp "$WORK/build" LoadGen --url "http://127.0.0.1:$GH_PORT/v1/chat/completions"
    --body-file "$SHARED_BENCH/load/$BODY" --header "Authorization: Bearer $key" --concurrency "$CONC" --warmup 0)
  "${load[@]}" --duration "$WARMUP" >/dev/null
  local before after thread_before thread_after out requests
  before=$(cpu "$GH_PID")
  thread_before=$(thread_cpu "$GH_PID")
  out=$("${load[@]}" --duration "$DURATION")
  after=$(cpu "$GH_PID")
  thread_after=$(thread_cpu "$GH_PID")
  requests=$(echo "$out" | json completed_all)
  echo "$name $(echo "$out" | json rps) $(( (after - before) * 1000000 / TICK / requests ))" \
    "$(( (thread_after - thread_before) * 1000000 / TICK / requests )) $(echo "$out" | json ttfb_p50_ms)" \
    "$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$GH_PID/status")"
  kill "$GH_PID"; wait "$GH_PID" 2>/dev/null || true; GH_PID=
}

for round in $(seq 1 "$ROUNDS"); do
  for variant in "$@"; do
    IFS='|' read -r name jar opts jvm_opts <<<"$variant"
    log "round $round: $name"
    run_variant "$name" "$jar" "$opts" "${jvm_opts:-}"
  done
done
