#!/usr/bin/env bash
# Soak: Gatehouse started by the shipped launcher (./gatehouse, its own JVM defaults, no bench flags) under a steady
# mixed load at a fixed rate for a long time, sampled at a fixed interval: RSS, heap used after a full GC, open file
# descriptors and threads. Prints (and keeps in RESULTS_DIR) each measure's first and last value and its slope per
# hour by a least-squares line, over the whole run and after the warm-up. Not part of CI. See docs/performance.md.
#
# The load, in turn: OpenAI chat whole and streamed, Anthropic Messages whole and streamed (translated to the OpenAI
# mock), all carrying e-mail addresses and card numbers; the repository has a REDACT policy on e-mail addresses and an
# ALERT policy on card numbers, and the mock's answer holds an e-mail address, so redaction runs on prompts, answers
# and streams and violations and alerts are written throughout.
#
# Settings (environment): SOAK_SECONDS=1800 RATE=50 (requests a second, all kinds together) INTERVAL=20 (seconds
#   between samples) FIT_AFTER=300 (seconds of warm-up left out of the second fit) RESULTS_DIR SKIP_BUILD=1
#   GATEHOUSE_JAVA_OPTS (passed to the launcher; empty by default) MOCK_PORT GH_PORT GH_ADMIN_PORT
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SOAK_SECONDS=${SOAK_SECONDS:-1800} RATE=${RATE:-50} INTERVAL=${INTERVAL:-20} FIT_AFTER=${FIT_AFTER:-300}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_HOME/results/soak-$(date +%Y%m%d-%H%M%S)}
MOCK_PID= GH_PID= LOAD_PID=
trap 'bench_cleanup $LOAD_PID' EXIT
bench_prepare soak
cp "$BENCH_ROOT/target/gatehouse.jar" "$BENCH_WORK/gatehouse.jar"
MOCK_REPLY="Thanks, I forwarded it to help@example.com and will reply soon." bench_start_mock
GATEHOUSE_JAR=$BENCH_WORK/gatehouse.jar bench_start_gatehouse "$BENCH_ROOT/gatehouse"
bench_seed
bench_admin POST /policy "{\"name\":\"Mask e-mail addresses\",\"content\":\"Never send e-mail addresses to the model\",\"riskType\":\"MEDIUM\",\"actionType\":3,\"repoId\":\"$BENCH_REPO\"}" >/dev/null
bench_admin POST /policy "{\"name\":\"Card numbers\",\"content\":\"Never send credit card numbers\",\"riskType\":\"HIGH\",\"actionType\":1,\"repoId\":\"$BENCH_REPO\"}" >/dev/null

# The policies reach the gateway within a second; the answer's e-mail address must come back masked.
gateway=http://127.0.0.1:$GH_PORT
for _ in $(seq 1 50); do
  answer=$(curl -s "$gateway/v1/chat/completions" -H "Authorization: Bearer $BENCH_KEY" \
    -H 'Content-Type: application/json' --data-binary @"$BENCH_HOME/load/bodies/soak-openai.json")
  [[ $answer == *'[EMAIL_1]'* ]] && break
  sleep 0.2
done
[[ $answer == *'[EMAIL_1]'* ]] || { bench_log "the REDACT policy did not apply: $answer"; exit 1; }
bench_log "Gatehouse pid $GH_PID seeded with two policies; $RATE req/s for $SOAK_SECONDS s, a sample every $INTERVAL s"

bodies=$BENCH_HOME/load/bodies
# At most 500 requests in flight: a stall shows as latency and then as counted errors, below the gateway's cap of
# 1,000 connections from one address.
bench_load --rate "$RATE" --duration "$SOAK_SECONDS" --max-in-flight 500 --progress "$INTERVAL" --json \
  --header "Authorization: Bearer $BENCH_KEY" \
  --request "$gateway/v1/chat/completions" "$bodies/soak-openai.json" \
  --request "$gateway/v1/chat/completions" "$bodies/soak-openai-stream.json" \
  --request "$gateway/anthropic/v1/messages" "$bodies/soak-anthropic.json" \
  --request "$gateway/anthropic/v1/messages" "$bodies/soak-anthropic-stream.json" \
  >"$RESULTS_DIR/load.json" 2>"$RESULTS_DIR/load-progress.txt" &
LOAD_PID=$!

JCMD=$JAVA_HOME/bin/jcmd
sample() { # -> "seconds rss_mib heap_after_gc_mib fds threads load1" (load1: the machine's, for context, not fitted)
  local heap
  "$JCMD" "$GH_PID" GC.run >/dev/null
  heap=$("$JCMD" "$GH_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
  printf '%d %.1f %.1f %d %d %s\n' $(( $(date +%s) - START )) \
    "$(awk '/^VmRSS:/ {print $2 / 1024}' "/proc/$GH_PID/status")" "$(awk -v k="$heap" 'BEGIN {print k / 1024}')" \
    "$(find "/proc/$GH_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)" "$(awk '/^Threads:/ {print $2}' "/proc/$GH_PID/status")" "$(cut -d' ' -f1 /proc/loadavg)"
}
START=$(date +%s)
echo "seconds rss_mib heap_after_gc_mib fds threads load1" >"$RESULTS_DIR/samples.txt"
while kill -0 "$LOAD_PID" 2>/dev/null; do
  sample >>"$RESULTS_DIR/samples.txt"
  sleep "$INTERVAL"
done
wait "$LOAD_PID" || { bench_log "the load generator failed"; exit 1; }
LOAD_PID=
sample >>"$RESULTS_DIR/samples.txt"

# Least-squares slope per hour of each column, over all samples and over those after FIT_AFTER seconds.
fit() { # from_seconds
  awk -v from="$1" 'NR == 1 {for (i = 2; i <= NF; i++) name[i] = $i; next}
    $1 >= from {n++; for (i = 2; i <= NF; i++) {if (!(i in first)) first[i] = $i; last[i] = $i
      sx[i] += $1; sy[i] += $i; sxx[i] += $1 * $1; sxy[i] += $1 * $i}}
    END {if (n < 2) exit; for (i = 2; i <= 5; i++) {slope = (n * sxy[i] - sx[i] * sy[i]) / (n * sxx[i] - sx[i] * sx[i]) * 3600
      printf "| %s | %s | %s | %+.2f |\n", name[i], first[i], last[i], slope}}' "$RESULTS_DIR/samples.txt"
}
{
  echo "load: $(cat "$RESULTS_DIR/load.json")"
  echo
  echo "all samples (from 0 s):"
  echo "| measure | first | last | slope per hour |"
  echo "|---|---|---|---|"
  fit 0
  echo
  echo "after the warm-up (from $FIT_AFTER s):"
  echo "| measure | first | last | slope per hour |"
  echo "|---|---|---|---|"
  fit "$FIT_AFTER"
} | tee "$RESULTS_DIR/summary.md"
