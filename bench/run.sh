#!/usr/bin/env bash
# Gatehouse next to the mock upstream called directly and to the Portkey gateway, on loopback, interleaved: what each
# gateway adds in latency, throughput, CPU per request and memory on top of the same fixed-cost upstream.
# One command from a clone: bench/run.sh   (see docs/performance.md; everything it needs is in bench/)
#
# Targets: direct (the load generator to the mock), gatehouse (seeded with an OTHER configuration pointing at the
# mock and a repo key), portkey (npm @portkey-ai/gateway from bench/peers, installed on first use; skipped with a
# message when node/npm are missing or the install fails). Every repeat runs every target at every concurrency, so a
# change in the machine's load hits them alike; the summary gives medians over the repeats.
#
# Settings (environment):
#   DURATION=5 REPEATS=3          seconds per measured run; runs per (target, concurrency)
#   CONCS="1 16 64"               non-streaming concurrencies; STREAM_CONCS="1 16" streaming ones
#   WARMUP=10                     seconds of unrecorded load per target first (the JIT compilers need it)
#   PEERS=portkey                 PEERS= skips Portkey
#   GH_JAVA_OPTS                  Gatehouse's JVM flags (default: serial GC, 56 MiB heap, small code cache, two
#                                 compiler threads, C2 compilations capped at 8 MiB of compiler memory)
#   MOCK_CHUNKS=20 MOCK_DELAY_MS=0 MOCK_CHUNK_DELAY_MS=0   the mock's answers
#   MOCK_PORT=18080 GH_PORT=18090 GH_ADMIN_PORT=18091 PORTKEY_PORT=18787 RESULTS_DIR SKIP_BUILD=1
#   LIMITS_REDIS=redis://127.0.0.1:6390   adds the target gatehouse-limits: the same node (given this redis.url), a
#                                 second key of the same repository with every limit set (never reached), so its
#                                 requests pass the limits stage (estimate, one Redis reservation, settlement);
#                                 LIMITS_JSON='{"rpm":1000000000}' sets other limits (rpm alone: no estimate, no settlement)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DURATION=${DURATION:-5} REPEATS=${REPEATS:-3} CONCS=${CONCS:-"1 16 64"} STREAM_CONCS=${STREAM_CONCS:-"1 16"}
WARMUP=${WARMUP:-10} PEERS=${PEERS-portkey} PORTKEY_PORT=${PORTKEY_PORT:-18787}
GH_JAVA_OPTS=${GH_JAVA_OPTS:-"-XX:+UseSerialGC -Xms16m -Xmx56m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=40m -Xss256k -XX:CICompilerCount=2 -XX:+UseCompactObjectHeaders -XX:CompileCommand=quiet -XX:CompileCommand=memlimit,*.*,8m"}
export MOCK_CHUNKS=${MOCK_CHUNKS:-20}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_HOME/results/$(date +%Y%m%d-%H%M%S)}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
MOCK_PID= GH_PID= PORTKEY_PID=
trap 'bench_cleanup $PORTKEY_PID' EXIT
bench_prepare bench
bench_start_mock
bench_log "mock upstream pid $MOCK_PID on :$MOCK_PORT"
# shellcheck disable=SC2086
GH_SET="${GH_SET:-}${LIMITS_REDIS:+ --set redis.url=$LIMITS_REDIS}"
MALLOC_ARENA_MAX=1 bench_start_gatehouse "$JAVA" $GH_JAVA_OPTS -jar "$BENCH_ROOT/target/gatehouse.jar"
bench_seed
bench_log "Gatehouse pid $GH_PID on :$GH_PORT"

# Each target: name, URL, header lines (tab-separated), pid whose CPU and memory are measured.
TARGETS=()
add_target() { TARGETS+=("$1|$2|$3|$4"); }
add_target direct "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" "" "$MOCK_PID"
add_target gatehouse "http://127.0.0.1:$GH_PORT/v1/chat/completions" "Authorization: Bearer $BENCH_KEY" "$GH_PID"
if [[ -n ${LIMITS_REDIS:-} ]]; then
  limits=${LIMITS_JSON:-'{"rpm":1000000000,"tpm":1000000000000,"maxTokensPerDay":1000000000000,"maxTokensPerMonth":1000000000000}'}
  limited=$(bench_admin POST "/repo/$BENCH_REPO/ai/apikey" "{\"name\":\"bench-limited\",\"limits\":$limits}" | jq -er .secret)
  add_target gatehouse-limits "http://127.0.0.1:$GH_PORT/v1/chat/completions" "Authorization: Bearer $limited" "$GH_PID"
fi

# Portkey, installed from npm into bench/peers on first use; optional.
start_portkey() {
  local peers=$BENCH_HOME/peers server
  server=$peers/node_modules/@portkey-ai/gateway/build/start-server.js
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    bench_log "Portkey skipped: node and npm are needed (apt-get install -y nodejs npm)"; return 1
  fi
  if [[ ! -f $server ]]; then
    bench_log "installing Portkey from npm into bench/peers (once)"
    (cd "$peers" && npm install --no-audit --no-fund --loglevel=error) >"$RESULTS_DIR/portkey-install.log" 2>&1 || {
      bench_log "Portkey skipped: npm install failed, see $RESULTS_DIR/portkey-install.log"; return 1; }
  fi
  (cd "$peers" && exec node "$server" --port="$PORTKEY_PORT" --headless) >"$RESULTS_DIR/portkey.log" 2>&1 &
  PORTKEY_PID=$!
  for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PORTKEY_PORT/" && break; sleep 0.2; done
  add_target portkey "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "Authorization: Bearer sk-mock$(printf '\t')x-portkey-provider: openai$(printf '\t')x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1" "$PORTKEY_PID"
  bench_log "Portkey $(node -p "require('$peers/node_modules/@portkey-ai/gateway/package.json').version") pid $PORTKEY_PID on :$PORTKEY_PORT"
}
if [[ $PEERS == *portkey* ]]; then start_portkey || true; fi

header_args() { # tab-separated header lines -> NUL-separated --header arguments
  local line
  while IFS= read -r -d $'\t' line; do [[ -n $line ]] && printf '%s\0%s\0' --header "$line"; done <<<"$1"$'\t'
}

# Every target must answer the mock's text, whole and streamed to [DONE], before anything is measured.
smoke() { # name url headers
  local curl_headers=() line body
  while IFS= read -r -d $'\t' line; do [[ -n $line ]] && curl_headers+=(-H "$line"); done <<<"$3"$'\t'
  body=$(curl -s "$2" "${curl_headers[@]}" -H 'Content-Type: application/json' --data-binary @"$BENCH_HOME/load/bodies/chat.json")
  [[ $body == *"bench mock"* ]] || { bench_log "$1 answered no completion: $body"; return 1; }
  body=$(curl -sN "$2" "${curl_headers[@]}" -H 'Content-Type: application/json' --data-binary @"$BENCH_HOME/load/bodies/chat-stream.json")
  [[ $body == *"[DONE]"* ]] || { bench_log "$1 streamed no [DONE]: $body"; return 1; }
}

measure() { # target-spec kind conc seconds warmup -> one JSON line
  local name url headers pid body args=()
  IFS='|' read -r name url headers pid <<<"$1"
  body=$BENCH_HOME/load/bodies/$([[ $2 == stream ]] && echo chat-stream.json || echo chat.json)
  while IFS= read -r -d '' arg; do args+=("$arg"); done < <(header_args "$headers")
  bench_load --request "$url" "$body" "${args[@]}" --concurrency "$3" --duration "$4" --warmup "$5" --pid "$pid" \
    --json | jq -c --arg target "$name" --arg kind "$2" '. + {target: $target, kind: $kind}'
}

for spec in "${TARGETS[@]}"; do
  IFS='|' read -r name url headers _ <<<"$spec"
  smoke "$name" "$url" "$headers" || exit 1
  bench_log "warming $name for $WARMUP s"
  measure "$spec" chat 16 "$WARMUP" 0 >/dev/null
done

RAW=$RESULTS_DIR/raw.jsonl
: >"$RAW"
for repeat in $(seq 1 "$REPEATS"); do
  bench_log "repeat $repeat of $REPEATS"
  for conc in $CONCS; do
    for spec in "${TARGETS[@]}"; do measure "$spec" chat "$conc" "$DURATION" 1 >>"$RAW"; done
  done
  for conc in $STREAM_CONCS; do
    for spec in "${TARGETS[@]}"; do measure "$spec" stream "$conc" "$DURATION" 1 >>"$RAW"; done
  done
done

# Medians over the repeats; "+p50" is the target's median p50 less direct's at the same concurrency.
jq -s '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  [group_by([.kind, .level, .target])[] | {kind: .[0].kind, conc: .[0].level, target: .[0].target,
    rps: (map(.rps) | median), p50_ms: (map(.p50_ms) | median), p99_ms: (map(.p99_ms) | median),
    ttfb_p50_ms: (map(.ttfb_p50_ms) | median), cpu_us_per_req: (map(.cpu_us_per_req) | median),
    peak_rss_mib: (map(.peak_rss_mib) | max), errors: (map(.errors) | add)}]
  | . as $rows | map(. as $r | . + {added_ms: ((if .kind == "stream" then .ttfb_p50_ms else .p50_ms end)
      - ([$rows[] | select(.target == "direct" and .kind == $r.kind and .conc == $r.conc)
          | if .kind == "stream" then .ttfb_p50_ms else .p50_ms end] | first // 0))})' "$RAW" >"$RESULTS_DIR/summary.json"

{
  echo "Non-streaming POST /v1/chat/completions (medians of $REPEATS × ${DURATION} s):"
  echo
  echo "| conc | target | req/s | p50 ms | +p50 ms | p99 ms | cpu µs/req | errors |"
  echo "|---|---|---|---|---|---|---|---|"
  jq -r '.[] | select(.kind == "chat") | "| \(.conc) | \(.target) | \(.rps | floor) | \(.p50_ms) | \(if .target == "direct" then "" else (.added_ms * 1000 | round / 1000 | tostring) end) | \(.p99_ms) | \(.cpu_us_per_req | round) | \(.errors) |"' \
    "$RESULTS_DIR/summary.json"
  echo
  echo "Streaming ($MOCK_CHUNKS chunks and the usage chunk):"
  echo
  echo "| conc | target | req/s | ttfb p50 ms | +ttfb p50 ms | cpu µs/req | errors |"
  echo "|---|---|---|---|---|---|---|"
  jq -r '.[] | select(.kind == "stream") | "| \(.conc) | \(.target) | \(.rps | floor) | \(.ttfb_p50_ms) | \(if .target == "direct" then "" else (.added_ms * 1000 | round / 1000 | tostring) end) | \(.cpu_us_per_req | round) | \(.errors) |"' \
    "$RESULTS_DIR/summary.json"
  echo
  echo "Peak RSS (MiB): $(jq -r 'group_by(.target) | map("\(.[0].target) \(map(.peak_rss_mib) | max)") | join(", ")' "$RESULTS_DIR/summary.json")"
  echo "Machine: $(nproc) CPUs shared by the load generator, the mock and the gateways; load average before: $LOAD_BEFORE"
} | tee "$RESULTS_DIR/summary.txt"
bench_log "results in $RESULTS_DIR"
