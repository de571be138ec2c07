#!/usr/bin/env bash
# Gatehouse vs direct (the mock upstream) vs the Portkey gateway, interleaved, on this machine.
# One command: bench/run.sh   (see docs/performance.md)
#
# Builds the jar, starts Gatehouse with a fresh data directory, seeds it through the Platform API (an OTHER
# configuration pointing at the bench mock, a repository, a repo key), then runs the shared peer benchmark
# (run-peer-bench.sh) with Gatehouse as its third target. Settings (environment):
#   PEER_BENCH   path of run-peer-bench.sh (default ../shared/bench/run-peer-bench.sh next to the project)
#   GH_PORT=18090 GH_ADMIN_PORT=18091   Gatehouse's listeners
#   GH_JAVA_OPTS                        JVM options for Gatehouse (default: serial GC, 56 MiB heap, small code cache,
#                                       C2 compilations capped at 8 MiB of compiler memory)
#   WARMUP=10                           seconds of unrecorded load per target first (the JIT compilers need it)
#   SKIP_BUILD=1                        use the jar already in target/
#   anything run-peer-bench.sh reads (DURATION, REPEATS, CONCS, PEERS, MOCK_PORT, ...)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEER_BENCH=${PEER_BENCH:-$ROOT/../shared/bench/run-peer-bench.sh}
GH_PORT=${GH_PORT:-18090}
GH_ADMIN_PORT=${GH_ADMIN_PORT:-18091}
MOCK_PORT=${MOCK_PORT:-18080}
GH_JAVA_OPTS=${GH_JAVA_OPTS:-"-XX:+UseSerialGC -Xms16m -Xmx56m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=40m -Xss256k -XX:CICompilerCount=2 -XX:+UseCompactObjectHeaders -XX:CompileCommand=quiet -XX:CompileCommand=memlimit,*.*,8m"}
if [[ -z ${JAVA_HOME:-} && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

log() { printf '[gatehouse-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ -x $PEER_BENCH ]] || { log "run-peer-bench.sh not found at $PEER_BENCH (set PEER_BENCH)"; exit 1; }
command -v wrk >/dev/null || log "wrk is missing (apt-get install -y wrk); the peer bench falls back to its Java load generator"

if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
JAR=$ROOT/target/gatehouse.jar

DATA=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench-XXXXXX")
PASSWORD=bench-owner-$(date +%s)-pw
GH_LOG=$DATA/gatehouse.log
MALLOC_ARENA_MAX=1 "$JAVA" $GH_JAVA_OPTS -jar "$JAR" serve --data-dir "$DATA" --gateway-port "$GH_PORT" --admin-port "$GH_ADMIN_PORT" \
  --set admin.email=bench@gatehouse.local --set admin.password="$PASSWORD" \
  --set providers.private.allowlist="127.0.0.1:$MOCK_PORT" >"$GH_LOG" 2>&1 &
GH_PID=$!
# What Gatehouse logged besides successful requests (warnings, access log lines of failed requests) is kept with the
# results, to explain any error the bench counts.
cleanup() {
  kill "$GH_PID" 2>/dev/null || true; wait "$GH_PID" 2>/dev/null || true
  if [[ -d ${RESULTS_DIR:-} ]]; then grep -v '"status":200,' "$GH_LOG" | tail -n 5000 >"$RESULTS_DIR/gatehouse.log" || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

ADMIN=http://127.0.0.1:$GH_ADMIN_PORT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$GH_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$GH_PORT/readyz" >/dev/null || { log "Gatehouse did not start, see $GH_LOG"; cat "$GH_LOG" >&2; exit 1; }

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));if(v===undefined)process.exit(1);console.log(v)})' "$1"; }
call() { # method path body -> response body (fails on non-2xx)
  curl -sf -X "$1" "$ADMIN$2" -H "Authorization: Bearer ${TOKEN:-}" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}
}
TOKEN=$(call POST /user/login "{\"email\":\"bench@gatehouse.local\",\"password\":\"$PASSWORD\"}" | json accessToken)
WS=$(call GET '/workspace?take=100' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).workspaces.find(w=>w.default).id))')
LLM=$(call POST /ai/llm "{\"name\":\"mock\",\"aiType\":\"OTHER\",\"endpoint\":\"http://127.0.0.1:$MOCK_PORT/v1\",\"workspaceId\":\"$WS\"}" | json aiLlmId)
REPO=$(call POST /repo "{\"name\":\"bench\",\"workspaceId\":\"$WS\",\"repoAiLlms\":[{\"aiLlmId\":\"$LLM\"}]}" | json repoId)
KEY=$(call POST "/repo/$REPO/ai/apikey" '{"name":"bench"}' | json secret)
log "Gatehouse pid $GH_PID on :$GH_PORT, seeded (configuration $LLM, repository $REPO)"

# The peer bench runs from a scratch copy and writes its results here, never into the shared folder.
export WARMUP=${WARMUP:-10}
export BENCH_WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/gatehouse-peer-bench}
export RESULTS_DIR=${RESULTS_DIR:-$HERE/results/$(date +%Y%m%d-%H%M%S)}
GATEWAY_NAME=gatehouse GATEWAY_URL=http://127.0.0.1:$GH_PORT/v1/chat/completions \
  GATEWAY_AUTH_HEADER="Authorization: Bearer $KEY" GATEWAY_PID=$GH_PID MOCK_PORT=$MOCK_PORT \
  "$PEER_BENCH" "$@"
