#!/usr/bin/env bash
# Gatehouse next to the mock upstream called directly and to the Portkey gateway, on loopback, interleaved: what each
# gateway adds in latency, throughput, CPU per request and memory on top of the same fixed-cost upstream, lane by lane.
# One command from a clone: bench/run.sh   (see docs/performance.md; everything it needs is in bench/)
#
# Gatehouse runs exactly as shipped: started by the ./gatehouse launcher with its own JVM defaults (no bench flags).
# Lanes (LANES, default all that can run), each measured against direct and Portkey in the same interleaved run:
#   passthrough   an OTHER (OpenAI-shaped) configuration pointing at the mock, no policies
#   governed      the same configuration in a repository with three detector rules: BLOCK e-mail addresses, REDACT
#                 phone numbers (on prompts and on answers, streamed ones included), LOG API keys
#   translated    an ANTHROPIC configuration pointing at the mock's /v1/messages behind the same OpenAI request
#                 (whole and streamed); its direct is the mock's /v1/messages, its Portkey is Portkey's anthropic provider
#   limited       the passthrough repository with a key whose limits are set but never reached (the limits stage with
#                 Redis: estimate, one reservation, settlement); only with LIMITS_REDIS
# Every repeat runs every target at every concurrency, so a change in the machine's load hits them alike; the summary
# gives medians over the repeats and checks each lane against issue 20's bounds.
#
# Settings (environment):
#   --record                      (argument) appends one history row per lane to docs/performance.md
#   LANES="passthrough governed translated limited"
#   DURATION=5 REPEATS=3          seconds per measured run; runs per (target, concurrency)
#   CONCS="1 16 64"               non-streaming concurrencies; STREAM_CONCS="1 16" streaming ones
#   WARMUP=15                     seconds of unrecorded load per target and kind (whole, then streamed) before anything
#                                 is measured: the JIT compilers of Gatehouse, the mock and Portkey reach their steady
#                                 state (a user's node serves for days; its first half-minute is not what it costs)
#   PEERS=portkey                 PEERS= skips Portkey
#   GATEHOUSE_JAVA_OPTS           passed to the launcher as a user would (empty: the shipped defaults); shown in the summary
#   MOCK_CHUNKS=20 MOCK_DELAY_MS=0 MOCK_CHUNK_DELAY_MS=0   the mock's answers
#   MOCK_PORT=18080 GH_PORT=18090 GH_ADMIN_PORT=18091 PORTKEY_PORT=18787 RESULTS_DIR SKIP_BUILD=1
#   LIMITS_REDIS=redis://127.0.0.1:6390   the node's redis.url; enables the limited lane. LIMITS_JSON sets its key's
#                                 limits (default all four; '{"rpm":1000000000}' for requests only: no estimate, no settlement)
set -euo pipefail
RECORD=
for arg in "$@"; do
  case $arg in
    --record) RECORD=1 ;;
    *) echo "usage: bench/run.sh [--record]" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DURATION=${DURATION:-5} REPEATS=${REPEATS:-3} CONCS=${CONCS:-"1 16 64"} STREAM_CONCS=${STREAM_CONCS:-"1 16"}
WARMUP=${WARMUP:-15} PEERS=${PEERS-portkey} PORTKEY_PORT=${PORTKEY_PORT:-18787}
LANES=${LANES:-"passthrough governed translated${LIMITS_REDIS:+ limited}"}
if [[ $LANES == *limited* && -z ${LIMITS_REDIS:-} ]]; then bench_log "the limited lane needs LIMITS_REDIS"; exit 2; fi
export MOCK_CHUNKS=${MOCK_CHUNKS:-20}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_HOME/results/$(date +%Y%m%d-%H%M%S)}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
MOCK_PID= GH_PID= PORTKEY_PID=
# One Gatehouse node per lane, each on ports of its own (GH_PORT + 2i, GH_ADMIN_PORT + 2i), all running throughout.
declare -A LANE_PID LANE_LOG LANE_PORT
cleanup() {
  local lane
  for lane in "${!LANE_PID[@]}"; do
    kill "${LANE_PID[$lane]}" 2>/dev/null || true
    [[ -d $RESULTS_DIR ]] && { grep -v '"status":200,' "${LANE_LOG[$lane]}" | tail -n 5000 >"$RESULTS_DIR/gatehouse-$lane.log" || true; }
  done
  GH_PID=
  bench_cleanup $PORTKEY_PID
}
trap cleanup EXIT
bench_prepare bench
bench_prime_archive
bench_start_mock
bench_log "mock upstream pid $MOCK_PID on :$MOCK_PORT"
BASE_PORT=$GH_PORT BASE_ADMIN_PORT=$GH_ADMIN_PORT
i=0
for lane in $LANES; do
  case $lane in passthrough | governed | translated | limited) ;; *) bench_log "unknown lane $lane"; exit 2 ;; esac
  GH_PORT=$((BASE_PORT + 2 * i)) GH_ADMIN_PORT=$((BASE_ADMIN_PORT + 2 * i))
  lane_set=${GH_SET:-}
  [[ $lane == limited ]] && lane_set+=" --set redis.url=$LIMITS_REDIS"
  GH_SET=$lane_set GATEHOUSE_JAR=$BENCH_ROOT/target/gatehouse.jar bench_launch_gatehouse "$BENCH_ROOT/gatehouse"
  LANE_PID[$lane]=$GH_PID LANE_LOG[$lane]=$GH_LOG LANE_PORT[$lane]=$GH_PORT
  i=$((i + 1))
done

# Each target: name|URL|header lines (tab-separated)|pid whose CPU and memory are measured|body file|streamed body file
declare -A TARGET
TAB=$(printf '\t')
TARGET[direct]="http://127.0.0.1:$MOCK_PORT/v1/chat/completions||$MOCK_PID|chat.json|chat-stream.json"
TARGET[direct-anthropic]="http://127.0.0.1:$MOCK_PORT/v1/messages|x-api-key: sk-ant-mock${TAB}anthropic-version: 2023-06-01|$MOCK_PID|anthropic.json|anthropic-stream.json"
# Lane -> its gatehouse, direct and Portkey targets.
declare -A LANE_GH=([passthrough]=gatehouse [governed]=gatehouse-governed [translated]=gatehouse-translated [limited]=gatehouse-limited)
declare -A LANE_DIRECT=([passthrough]=direct [governed]=direct [translated]=direct-anthropic [limited]=direct)
declare -A LANE_PORTKEY=([passthrough]=portkey [governed]=portkey [translated]=portkey-anthropic [limited]=portkey)
i=0
for lane in $LANES; do
  GH_PORT=${LANE_PORT[$lane]} GH_ADMIN_PORT=$((BASE_ADMIN_PORT + 2 * i))
  bench_wait_gatehouse "$GH_PORT" "${LANE_LOG[$lane]}"
  bench_seed
  key=$(bench_seed_lane "$lane")
  TARGET[${LANE_GH[$lane]}]="http://127.0.0.1:$GH_PORT/v1/chat/completions|Authorization: Bearer $key|${LANE_PID[$lane]}|chat.json|chat-stream.json"
  i=$((i + 1))
done
# What the JVM was started with: the launcher's defaults (and GATEHOUSE_JAVA_OPTS, if the caller set any).
JVM_FLAGS=$(tr '\0' '\n' <"/proc/${LANE_PID[${LANES%% *}]}/cmdline" | sed -n '2,/^-jar$/p' | grep -v -e '^-jar$' -e 'SharedArchive' -e '^-Xlog:cds' | paste -sd' ')
bench_log "Gatehouse nodes (pids ${LANE_PID[*]}) for lanes $LANES: $JVM_FLAGS"

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
  TARGET[portkey]="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions|Authorization: Bearer sk-mock${TAB}x-portkey-provider: openai${TAB}x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1|$PORTKEY_PID|chat.json|chat-stream.json"
  TARGET[portkey-anthropic]="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions|Authorization: Bearer sk-ant-mock${TAB}x-portkey-provider: anthropic${TAB}x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1|$PORTKEY_PID|chat.json|chat-stream.json"
  bench_log "Portkey $(node -p "require('$peers/node_modules/@portkey-ai/gateway/package.json').version") pid $PORTKEY_PID on :$PORTKEY_PORT"
}
if [[ $PEERS == *portkey* ]]; then start_portkey || true; fi

# The targets the lanes need, each once, in a fixed order.
NAMES=()
for lane in $LANES; do
  for name in "${LANE_DIRECT[$lane]}" "${LANE_PORTKEY[$lane]}" "${LANE_GH[$lane]}"; do
    [[ -n ${TARGET[$name]:-} && " ${NAMES[*]} " != *" $name "* ]] && NAMES+=("$name")
  done
done

header_args() { # tab-separated header lines -> NUL-separated --header arguments
  local line
  while IFS= read -r -d $'\t' line; do [[ -n $line ]] && printf '%s\0%s\0' --header "$line"; done <<<"$1"$'\t'
}

# Every target must answer the mock's text, whole and streamed to its end, before anything is measured.
smoke() { # name
  local url headers body stream_body curl_headers=() line answer
  IFS='|' read -r url headers _ body stream_body <<<"${TARGET[$1]}"
  while IFS= read -r -d $'\t' line; do [[ -n $line ]] && curl_headers+=(-H "$line"); done <<<"$headers"$'\t'
  answer=$(curl -s "$url" "${curl_headers[@]}" -H 'Content-Type: application/json' --data-binary @"$BENCH_HOME/load/bodies/$body")
  [[ $answer == *"bench mock"* ]] || { bench_log "$1 answered no completion: $answer"; return 1; }
  answer=$(curl -sN "$url" "${curl_headers[@]}" -H 'Content-Type: application/json' --data-binary @"$BENCH_HOME/load/bodies/$stream_body")
  [[ $answer == *"[DONE]"* || $answer == *"message_stop"* ]] || { bench_log "$1 streamed no end: $answer"; return 1; }
}

measure() { # name kind conc seconds warmup -> one JSON line
  local url headers pid body stream_body args=()
  IFS='|' read -r url headers pid body stream_body <<<"${TARGET[$1]}"
  [[ $2 == stream ]] && body=$stream_body
  while IFS= read -r -d '' arg; do args+=("$arg"); done < <(header_args "$headers")
  bench_load --request "$url" "$BENCH_HOME/load/bodies/$body" "${args[@]}" --concurrency "$3" --duration "$4" \
    --warmup "$5" --pid "$pid" --json | jq -c --arg target "$1" --arg kind "$2" '. + {target: $target, kind: $kind}'
}

for name in "${NAMES[@]}"; do
  smoke "$name" || exit 1
  bench_log "warming $name for $WARMUP s whole and $WARMUP s streamed"
  measure "$name" chat 16 "$WARMUP" 0 >/dev/null
  measure "$name" stream 16 "$WARMUP" 0 >/dev/null
done

RAW=$RESULTS_DIR/raw.jsonl
: >"$RAW"
for repeat in $(seq 1 "$REPEATS"); do
  bench_log "repeat $repeat of $REPEATS"
  for conc in $CONCS; do
    for name in "${NAMES[@]}"; do measure "$name" chat "$conc" "$DURATION" 1 >>"$RAW"; done
  done
  for conc in $STREAM_CONCS; do
    for name in "${NAMES[@]}"; do measure "$name" stream "$conc" "$DURATION" 1 >>"$RAW"; done
  done
done

# Medians over the repeats, then per lane its figures against its direct and Portkey targets.
lanes_json=$(for lane in $LANES; do
  jq -nc --arg lane "$lane" --arg gh "${LANE_GH[$lane]}" --arg direct "${LANE_DIRECT[$lane]}" --arg portkey "${LANE_PORTKEY[$lane]}" \
    '{lane: $lane, gh: $gh, direct: $direct, portkey: $portkey}'
done | jq -sc .)
jq -s --argjson lanes "$lanes_json" --arg flags "$JVM_FLAGS" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  [group_by([.kind, .level, .target])[] | {kind: .[0].kind, conc: .[0].level, target: .[0].target,
    rps: (map(.rps) | median), p50_ms: (map(.p50_ms) | median), p99_ms: (map(.p99_ms) | median),
    ttfb_p50_ms: (map(.ttfb_p50_ms) | median), cpu_us_per_req: (map(.cpu_us_per_req) | median),
    peak_rss_mib: (map(.peak_rss_mib) | max), errors: (map(.errors) | add)}] as $rows
  | def row($t; $k; $c): [$rows[] | select(.target == $t and .kind == $k and .conc == $c)] | first;
    def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
    def sub($a; $b): if $a == null or $b == null then null else $a - $b end;
    def peak($t): [$rows[] | select(.target == $t) | .peak_rss_mib] | max;
  {jvm_flags: $flags, rows: $rows, lanes: [$lanes[] | . as $l | {lane, gatehouse: .gh, direct, portkey,
    rps64_vs_portkey: ratio(row($l.gh; "chat"; 64).rps; row($l.portkey; "chat"; 64).rps),
    added_p50_c1_ms: sub(row($l.gh; "chat"; 1).p50_ms; row($l.direct; "chat"; 1).p50_ms),
    cpu_vs_mock: [$rows[] | select(.target == $l.gh and .kind == "chat") | ratio(.cpu_us_per_req; row($l.direct; "chat"; .conc).cpu_us_per_req)] | max,
    stream_cpu_vs_mock: [$rows[] | select(.target == $l.gh and .kind == "stream") | ratio(.cpu_us_per_req; row($l.direct; "stream"; .conc).cpu_us_per_req)] | max,
    added_ttfb_c16_ms: sub(row($l.gh; "stream"; 16).ttfb_p50_ms; row($l.direct; "stream"; 16).ttfb_p50_ms),
    p99_c64_ms: row($l.gh; "chat"; 64).p99_ms, direct_p99_c64_ms: row($l.direct; "chat"; 64).p99_ms,
    peak_rss_mib: peak($l.gh), portkey_peak_rss_mib: peak($l.portkey),
    errors: ([$rows[] | select(.target == $l.gh) | .errors] | add)}]}' "$RAW" >"$RESULTS_DIR/summary.json"

# A ratio or figure with its bound: "12.3× ✓" / "2.1× ✗" (— when a figure is missing, e.g. without Portkey).
CHECKS='def f($x; $d): if $x == null then "—" else ($x * pow(10; $d) | round / pow(10; $d) | tostring) end;
  def ok($c): if $c == null then "" elif $c then " met" else " **not met**" end;
  def line: "| \(.lane) | \(f(.rps64_vs_portkey; 1))×\(ok(if .rps64_vs_portkey == null then null else .rps64_vs_portkey >= 12 end))"
    + " | +\(f(.added_p50_c1_ms; 3)) ms\(ok(.added_p50_c1_ms <= 0.15))"
    + " | \(f(.cpu_vs_mock; 1))× / \(f(.stream_cpu_vs_mock; 1))×\(ok(.cpu_vs_mock <= 3 and (.stream_cpu_vs_mock == null or .stream_cpu_vs_mock <= 4)))"
    + " | +\(f(.added_ttfb_c16_ms; 3)) ms\(ok(if .added_ttfb_c16_ms == null then null else .added_ttfb_c16_ms < 1 end))"
    + " | \(f(.p99_c64_ms; 1)) (bound \(f(if .direct_p99_c64_ms == null then null else .direct_p99_c64_ms * 3 + 5 end; 1)))\(ok(if .p99_c64_ms == null then null else .p99_c64_ms <= .direct_p99_c64_ms * 3 + 5 end))"
    + " | \(f(.peak_rss_mib; 1)) vs \(f(.portkey_peak_rss_mib; 1))\(ok(if .portkey_peak_rss_mib == null then null else .peak_rss_mib <= .portkey_peak_rss_mib end))"
    + " | \(.errors) |";'
{
  echo "Gatehouse as shipped (./gatehouse serve): $JVM_FLAGS"
  [[ -n ${GATEHOUSE_JAVA_OPTS:-} ]] && echo "GATEHOUSE_JAVA_OPTS was set: $GATEHOUSE_JAVA_OPTS (not the shipped defaults alone)"
  echo
  echo "Non-streaming POST /v1/chat/completions (medians of $REPEATS × ${DURATION} s):"
  echo
  echo "| conc | target | req/s | p50 ms | p99 ms | cpu µs/req | errors |"
  echo "|---|---|---|---|---|---|---|"
  jq -r '.rows[] | select(.kind == "chat") | "| \(.conc) | \(.target) | \(.rps | floor) | \(.p50_ms) | \(.p99_ms) | \(.cpu_us_per_req | round) | \(.errors) |"' \
    "$RESULTS_DIR/summary.json"
  echo
  echo "Streaming ($MOCK_CHUNKS chunks and the end):"
  echo
  echo "| conc | target | req/s | ttfb p50 ms | cpu µs/req | errors |"
  echo "|---|---|---|---|---|---|"
  jq -r '.rows[] | select(.kind == "stream") | "| \(.conc) | \(.target) | \(.rps | floor) | \(.ttfb_p50_ms) | \(.cpu_us_per_req | round) | \(.errors) |"' \
    "$RESULTS_DIR/summary.json"
  echo
  echo "Lanes against the bounds of issue 20 (c=64 req/s vs Portkey ≥ 12×; added p50 at c=1 ≤ 0.15 ms; CPU per request"
  echo "≤ 3× the mock's non-streaming, ≤ 4× streaming, worst concurrency; streaming added TTFB p50 at c=16 < 1 ms;"
  echo "p99 at c=64 ≤ 3× direct's + 5 ms; peak RSS ≤ Portkey's):"
  echo
  echo "| lane | req/s c=64 vs Portkey | +p50 c=1 | CPU vs mock (whole / streamed) | +TTFB c=16 | p99 c=64 ms | peak RSS MiB vs Portkey | errors |"
  echo "|---|---|---|---|---|---|---|---|"
  jq -r "$CHECKS .lanes[] | line" "$RESULTS_DIR/summary.json"
  echo
  echo "Machine: $(nproc) CPUs shared by the load generator, the mock and the gateways; load average before: $LOAD_BEFORE"
} | tee "$RESULTS_DIR/summary.txt"

# --record: one row per lane appended to the history table of docs/performance.md (the table after "### History").
if [[ -n $RECORD ]]; then
  commit=$(git -C "$BENCH_ROOT" rev-parse --short HEAD)$(git -C "$BENCH_ROOT" diff --quiet HEAD -- src pom.xml gatehouse || echo '+')
  rows=$(jq -r --arg date "$(date -u +%Y-%m-%d)" --arg commit "$commit" --arg load "${LOAD_BEFORE%% *}" \
    "$CHECKS"' .lanes[] | "| \($date) | \($commit) | \(.lane) | \(f(.rps64_vs_portkey; 1))× | +\(f(.added_p50_c1_ms; 3)) ms | \(f(.cpu_vs_mock; 1))× / \(f(.stream_cpu_vs_mock; 1))× | +\(f(.added_ttfb_c16_ms; 3)) ms | \(f(.p99_c64_ms; 1)) / \(f(.direct_p99_c64_ms; 1)) ms | \(f(.peak_rss_mib; 0)) / \(f(.portkey_peak_rss_mib; 0)) MiB | \($load) |"' \
    "$RESULTS_DIR/summary.json")
  doc=$BENCH_ROOT/docs/performance.md
  awk -v rows="$rows" '
    /^### History/ {inhistory = 1}
    inhistory && /^\|/ {intable = 1}
    inhistory && intable && !/^\|/ {print rows; inhistory = 0; intable = 0; done = 1}
    {print}
    END {if (inhistory && intable) print rows; else if (!done) exit 1}' "$doc" >"$doc.tmp" \
    && mv "$doc.tmp" "$doc" || { rm -f "$doc.tmp"; bench_log "no '### History' table in $doc"; exit 1; }
  bench_log "recorded $(wc -l <<<"$rows") rows in docs/performance.md"
fi
bench_log "results in $RESULTS_DIR"
