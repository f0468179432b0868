#!/usr/bin/env bash
# bench/busy_machine.sh COMMAND [ARGS...]: the wall time of COMMAND on an idle machine and with
# one CPU-bound process per core running beside it (a fair share is then half the machine, so
# about 2x the idle time), and their ratio. The busy processes are stopped on exit, whatever
# happens. Run it alone: other load skews both figures.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/busy_machine.sh COMMAND [ARGS...]" >&2; exit 2; }
cores=$(nproc)
busy=()
stop_busy() { for p in "${busy[@]}"; do kill "$p" 2>/dev/null || true; done; busy=(); }
trap stop_busy EXIT
wall() {  # the wall seconds of the command; its output to bench_busy.log
  local start end
  start=$(date +%s.%N)
  "$@" > bench_busy.log 2>&1 || { echo "$1 failed (exit $?): see bench_busy.log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' 
}
idle=$(wall "$@")
for _ in $(seq "$cores"); do (while :; do :; done) & busy+=($!); done
loaded=$(wall "$@")
stop_busy
awk -v i="$idle" -v l="$loaded" -v c="$cores" \
  'BEGIN { printf "idle %.1f s, beside %d busy processes %.1f s: %.2fx\n", i, c, l, l / i }' 
