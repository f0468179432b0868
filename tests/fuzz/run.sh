#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR SECONDS: runs each fuzz target for SECONDS, starting from the seed
# corpus in tests/fuzz/corpus/<target> (read only; new inputs go to BUILD_DIR/corpus/<target>).
# Fails on the first crash, leak, timeout (10 s for one input) or out-of-memory (2 GB); the input
# that did it is kept as BUILD_DIR/artifacts/<target>-crash-... and printed.
set -euo pipefail
build=$1 seconds=$2
seeds=$(cd "$(dirname "$0")" && pwd)/corpus
for target in csv text_vectorizer model_file checkpoint arguments; do
  mkdir -p "$build/corpus/$target" "$build/artifacts"
  echo "fuzz_$target: ${seconds}s"
  log="$build/fuzz_$target.log" status=0
  "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$build/corpus/$target" "$seeds/$target" > "$log" 2>&1 || status=$?
  grep -E "^stat::number_of_executed_units" "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz_$target failed (exit $status); artifacts: $(ls "$build/artifacts")"
    exit 1
  fi
done
