# Shared by the bench scripts (source it): the JDK, the harness build, the mock upstream, a Gatehouse node with a
# fresh data directory, and its seeding through the Platform API. Needs curl and jq.
# Each script sets BENCH_WORK (a scratch directory it removes) before calling these.

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROOT=$(cd "$BENCH_HOME/.." && pwd)
JAVA_HOME=${JAVA_HOME:-$("$BENCH_ROOT/scripts/java-home.sh")}
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
MOCK_PORT=${MOCK_PORT:-18080}
GH_PORT=${GH_PORT:-18090}
GH_ADMIN_PORT=${GH_ADMIN_PORT:-18091}
BENCH_PASSWORD=bench-owner-password-1

bench_log() { printf '[%s %s] %s\n' "$(basename "$0" .sh)" "$(date +%H:%M:%S)" "$*" >&2; }

for tool in curl jq; do
  command -v "$tool" >/dev/null || { bench_log "$tool is missing (apt-get install -y $tool)"; exit 1; }
done

# A scratch directory (BENCH_WORK, removed by bench_cleanup) and RESULTS_DIR; the jar built unless SKIP_BUILD is set;
# the harness compiled. Argument: a name for the scratch directory.
bench_prepare() {
  BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-$1-XXXXXX")
  mkdir -p "$RESULTS_DIR"
  bench_build_jar
  bench_compile
}

# Compiles the mock and the load generator into $BENCH_WORK/classes.
bench_compile() {
  mkdir -p "$BENCH_WORK/classes"
  "$JAVA_HOME/bin/javac" -d "$BENCH_WORK/classes" "$BENCH_HOME/mock/MockUpstream.java" "$BENCH_HOME/load/LoadGen.java"
}

# Builds target/gatehouse.jar unless SKIP_BUILD is set.
bench_build_jar() {
  if [[ -z ${SKIP_BUILD:-} ]]; then
    bench_log "building the jar"
    (cd "$BENCH_ROOT" && ./mvnw -q -B -DskipTests package)
  fi
}

# Starts the mock upstream on MOCK_PORT (its MOCK_* settings pass through the environment); sets MOCK_PID.
bench_start_mock() {
  MOCK_QUIET=1 MOCK_PORT=$MOCK_PORT "$JAVA" -XX:+UseSerialGC -Xmx256m -cp "$BENCH_WORK/classes" MockUpstream \
    >"$BENCH_WORK/mock.log" 2>&1 &
  MOCK_PID=$!
  bench_wait_for "http://127.0.0.1:$MOCK_PORT/v1/models" || { bench_log "the mock did not start"; exit 1; }
}

bench_wait_for() { # url [seconds]: waits up to 30 s (or seconds) for a 2xx
  for _ in $(seq 1 $(( ${2:-30} * 5 ))); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done
  return 1
}

# Starts Gatehouse on a fresh data directory under BENCH_WORK: `bench_start_gatehouse COMMAND...` where COMMAND is how
# to run it (e.g. "$JAVA" -jar target/gatehouse.jar, or the ./gatehouse launcher); GH_SET adds "--set k=v" options.
# Sets GH_PID and GH_LOG. bench_launch_gatehouse does the same without waiting; bench_wait_gatehouse waits for it.
bench_start_gatehouse() {
  bench_launch_gatehouse "$@"
  bench_wait_gatehouse
}

bench_launch_gatehouse() {
  local data
  data=$(mktemp -d "$BENCH_WORK/data-XXXX")
  GH_LOG=$data/gatehouse.log
  # shellcheck disable=SC2086
  "$@" serve --data-dir "$data" --gateway-port "$GH_PORT" --admin-port "$GH_ADMIN_PORT" \
    --set admin.email=bench@gatehouse.local --set admin.password="$BENCH_PASSWORD" \
    --set providers.private.allowlist="127.0.0.1:$MOCK_PORT" ${GH_SET:-} >"$GH_LOG" 2>&1 &
  GH_PID=$!
}

# Lets the launcher write its class-data archive for JAR (default target/gatehouse.jar) when it has none or one older
# than the jar: one node started and stopped. A node starts with the archive written when an earlier node of the same
# jar stopped (see docs/operations.md); without it, it loads every class from the jar, about 35 MiB more resident
# memory. A user's node runs so from its second start on; measuring every node of a fresh build on its first start
# would charge a once-only cost to every figure.
bench_prime_archive() {
  local jar=${1:-$BENCH_ROOT/target/gatehouse.jar} pid port=$(( GH_PORT + 50 )) data
  [[ -f ${jar%.jar}.jsa && ${jar%.jar}.jsa -nt $jar ]] && return 0
  bench_log "writing the class-data archive of $jar (one node started and stopped)"
  data=$(mktemp -d "$BENCH_WORK/prime-XXXX")
  GATEHOUSE_JAR=$jar "$BENCH_ROOT/gatehouse" serve --data-dir "$data" --gateway-port "$port" --admin-port $(( port + 1 )) \
    --set admin.email=bench@gatehouse.local --set admin.password="$BENCH_PASSWORD" >"$data/gatehouse.log" 2>&1 &
  pid=$!
  bench_wait_gatehouse "$port" "$data/gatehouse.log"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

bench_wait_gatehouse() { # [port] [log]: waits for the node on GH_PORT (or port) to be ready
  bench_wait_for "http://127.0.0.1:${1:-$GH_PORT}/readyz" 120 || { bench_log "Gatehouse did not start:"; cat "${2:-$GH_LOG}" >&2; exit 1; }
}

bench_stop_gatehouse() {
  if [[ -n ${GH_PID:-} ]]; then kill "$GH_PID" 2>/dev/null || true; wait "$GH_PID" 2>/dev/null || true; fi
  GH_PID=
}

# Stops what a script started (the extra pids given, Gatehouse, the mock) and removes BENCH_WORK. What Gatehouse
# logged besides successful requests goes to RESULTS_DIR/gatehouse.log when there is one, to explain errors counted.
bench_cleanup() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null; done
  if [[ -n ${GH_PID:-} && -d ${RESULTS_DIR:-} ]]; then
    grep -v '"status":200,' "$GH_LOG" | tail -n 5000 >"$RESULTS_DIR/gatehouse.log" || true
  fi
  bench_stop_gatehouse
  if [[ -n ${MOCK_PID:-} ]]; then kill "$MOCK_PID" 2>/dev/null; fi
  wait 2>/dev/null
  rm -rf "$BENCH_WORK"
}

bench_admin() { # method path [body] -> response body; fails on a non-2xx answer
  curl -sf -X "$1" "http://127.0.0.1:$GH_ADMIN_PORT$2" -H "Authorization: Bearer ${BENCH_TOKEN:-}" \
    -H 'Content-Type: application/json' ${3:+--data-binary "$3"}
}

# Seeds the running node: an OTHER configuration pointing at the mock, a repository using it and a repo key.
# Sets BENCH_TOKEN, BENCH_WORKSPACE, BENCH_LLM, BENCH_REPO and BENCH_KEY.
bench_seed() {
  local workspace llm
  BENCH_TOKEN=$(bench_admin POST /user/login \
    "{\"email\":\"bench@gatehouse.local\",\"password\":\"$BENCH_PASSWORD\"}" | jq -er .accessToken)
  workspace=$(bench_admin GET '/workspace?take=100' | jq -er '.workspaces[] | select(.default) | .id')
  llm=$(bench_admin POST /ai/llm "{\"name\":\"mock\",\"aiType\":\"OTHER\",\"endpoint\":\"http://127.0.0.1:$MOCK_PORT/v1\",\"workspaceId\":\"$workspace\"}" | jq -er .aiLlmId)
  BENCH_REPO=$(bench_admin POST /repo "{\"name\":\"bench\",\"workspaceId\":\"$workspace\",\"repoAiLlms\":[{\"aiLlmId\":\"$llm\"}]}" | jq -er .repoId)
  BENCH_KEY=$(bench_admin POST "/repo/$BENCH_REPO/ai/apikey" '{"name":"bench"}' | jq -er .secret)
  BENCH_WORKSPACE=$workspace BENCH_LLM=$llm
}

# Seeds a lane's repository next to bench_seed's and prints its repo key: passthrough (bench_seed's own key);
# governed (the same configuration, three detector rules: BLOCK e-mail addresses, REDACT phone numbers, LOG API keys);
# translated (an ANTHROPIC configuration pointing at the mock's /v1/messages); limited (a key of bench_seed's
# repository with LIMITS_JSON's limits, default all four, set high enough never to be reached; needs redis.url).
bench_seed_lane() {
  local repo llm rule limits
  case $1 in
    passthrough) echo "$BENCH_KEY"; return ;;
    governed)
      repo=$(bench_admin POST /repo "{\"name\":\"bench-governed\",\"workspaceId\":\"$BENCH_WORKSPACE\",\"repoAiLlms\":[{\"aiLlmId\":\"$BENCH_LLM\"}]}" | jq -er .repoId)
      for rule in 'Block e-mail addresses|2' 'Mask phone numbers|3' 'Log API keys|0'; do
        bench_admin POST /policy "{\"name\":\"${rule%|*}\",\"content\":\"${rule%|*}\",\"riskType\":\"HIGH\",\"actionType\":${rule#*|},\"repoId\":\"$repo\"}" >/dev/null
      done ;;
    translated)
      llm=$(bench_admin POST /ai/llm "{\"name\":\"mock-anthropic\",\"aiType\":\"ANTHROPIC\",\"endpoint\":\"http://127.0.0.1:$MOCK_PORT\",\"secret\":\"sk-ant-bench-0123456789abcdef\",\"workspaceId\":\"$BENCH_WORKSPACE\"}" | jq -er .aiLlmId)
      bench_admin POST "/ai/llm/$llm/validate" >/dev/null
      repo=$(bench_admin POST /repo "{\"name\":\"bench-translated\",\"workspaceId\":\"$BENCH_WORKSPACE\",\"repoAiLlms\":[{\"aiLlmId\":\"$llm\"}]}" | jq -er .repoId) ;;
    limited)
      limits=${LIMITS_JSON:-'{"rpm":1000000000,"tpm":1000000000000,"maxTokensPerDay":1000000000000,"maxTokensPerMonth":1000000000000}'}
      bench_admin POST "/repo/$BENCH_REPO/ai/apikey" "{\"name\":\"bench-limited\",\"limits\":$limits}" | jq -er .secret
      return ;;
    *) bench_log "unknown lane $1"; return 1 ;;
  esac
  bench_admin POST "/repo/$repo/ai/apikey" "{\"name\":\"bench-$1\"}" | jq -er .secret
}

# Runs the load generator: bench_load ARGS... (see bench/load/LoadGen.java).
bench_load() {
  "$JAVA" -XX:+UseParallelGC -cp "$BENCH_WORK/classes" LoadGen --clk-tck "$(getconf CLK_TCK)" "$@"
}
