#!/usr/bin/env bash
# Coverage-guided fuzzing with Jazzer: every fuzz target (a method marked @FuzzTarget in a *FuzzTest class) in turn,
# each in its own JVM (Jazzer fuzzes one target per run), FUZZ_SECONDS each (600 unless set). See docs/testing.md.
#
#   scripts/fuzz.sh                                   # every target, 10 minutes each
#   FUZZ_SECONDS=120 scripts/fuzz.sh SseParserFuzzTest 'DetectorsFuzzTest#redaction*'   # some, 2 minutes each
#   SEEDS=1 scripts/fuzz.sh ...                       # then refresh each target's seed corpus from what it found
#   ./mvnw -Pfuzz test [-Dfuzz.seconds=600] [-Dfuzz.targets='SseParserFuzzTest …']   # the same through Maven
#
# Arguments are glob patterns over "Class#method", or "Class" (several in one argument, separated by spaces, as
# Maven passes them); --classpath CP first uses that test classpath instead of asking Maven for it. What a run learns is kept in .cifuzz-corpus/ (not committed) and
# picked up by the next run. A failing input is written next to the seed corpus
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-…) and replayed by every build from then on; make it a
# plain regression test next to the class that failed, fix the product, and keep or delete the file.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
# Seeds kept per target: enough to reach the shapes the fuzzer found, few enough that replaying stays quick.
SEED_COUNT=${SEED_COUNT:-40}

# Every target as Class#method, with the path of its class.
targets() {
  find src/test/java -name '*FuzzTest.java' | sort | while read -r file; do
    awk -v class="$(basename "$file" .java)" -v file="$file" \
      '/@FuzzTarget/ {marked = 1; next} marked && match($0, /void [A-Za-z0-9_]+\(/) {
         print class "#" substr($0, RSTART + 5, RLENGTH - 6) " " file; marked = 0}' "$file"
  done
}

selected() { # Class#method -> whether it matches a pattern (all match when there is none)
  [[ ${#patterns[@]} -eq 0 ]] && return 0
  local target=$1 pattern
  for pattern in "${patterns[@]}"; do
    # shellcheck disable=SC2053
    [[ $target == $pattern || ${target%%#*} == $pattern ]] && return 0
  done
  return 1
}

# Copies up to SEED_COUNT files of the generated corpus into the seed corpus the build replays.
refresh_seeds() { # Class#method file
  local class=${1%%#*} method=${1#*#} package
  package=$(dirname "${2#src/test/java/}")
  local from=.cifuzz-corpus/$(tr / . <<<"$package").$class/$method
  local to=src/test/resources/$package/${class}Inputs/$method
  [[ -d $from ]] || return 0
  mkdir -p "$to"
  find "$to" -maxdepth 1 -type f ! -name 'crash-*' -delete
  local files
  mapfile -t files < <(find "$from" -maxdepth 1 -type f | sort)
  if [[ ${#files[@]} -gt 0 ]]; then cp -t "$to" "${files[@]:0:$SEED_COUNT}"; fi
}

if [[ ${1:-} == --classpath ]]; then
  classpath=$2
  shift 2
else
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt \
    -Dmdep.includeScope=test
  classpath=target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)
fi
read -r -a patterns <<<"$*"
failed=()
while read -r target file; do
  selected "$target" || continue
  echo "=== fuzzing $target for $FUZZ_SECONDS s"
  # -max_len: the generators read hundreds of bytes for one request; libFuzzer's default start (4 bytes, growing
  # slowly) would keep them to the smallest shapes for most of the run.
  log=target/fuzz-${target/\#/-}.log
  if JAZZER_FUZZ=1 "$JAVA_HOME/bin/java" -XX:+EnableDynamicAgentLoading -cp "$classpath" io.gatehouse.fuzz.FuzzMain \
      "$(tr / . <<<"$(dirname "${file#src/test/java/}")").$target" -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
      -len_control=0 >"$log" 2>&1; then
    echo "    no finding ($(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1))"
  else
    echo "    FINDING or failure: see $log"
    failed+=("$target")
  fi
  if [[ -n ${SEEDS:-} ]]; then refresh_seeds "$target" "$file"; fi
done < <(targets)

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Findings or failures in: ${failed[*]}"
  exit 1
fi
