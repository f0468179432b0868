#!/usr/bin/env bash
# bench/predict.sh MODEL DATA.csv [TEXT]: what using a model costs, by `genre_classifier
# predict`: one text's wall time and peak memory (from the model's text columns), and rows per
# second after loading, as (rows - 1) / (wall of all of DATA's rows - wall of its first row):
# reading, loading and the program's start are the same in both and cancel.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/predict.sh MODEL DATA.csv [TEXT]" >&2; exit 2; }
program=${PROGRAM:-build/examples/genre_classifier}
model=$1 data=$2
text=${3:-"A young wizard fights a dark lord at a school of magic."}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {  # prints "wall_seconds peak_kb" of predict with the given arguments
  /usr/bin/time -f "%e %M" -o "$work/time" "$program" predict --model "$model" "$@" > /dev/null
  cat "$work/time"
}
measure --text "$text" > /dev/null  # a warm-up: the model file in the page cache
read -r one_wall one_kb < <(measure --text "$text")
# The first row alone, and every row, of DATA (a header line, then rows; quoted fields may hold
# newlines, so the rows are counted by the program's own output, one line per row).
python3 - "$data" "$work/first.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as out:
    r, w = csv.reader(f), csv.writer(out)
    w.writerow(next(r)); w.writerow(next(r))
PY
read -r first_wall _ < <(measure --data "$work/first.csv")
read -r all_wall all_kb < <(measure --data "$data")
rows=$("$program" predict --model "$model" --data "$data" | wc -l)
awk -v w="$one_wall" -v k="$one_kb" -v f="$first_wall" -v a="$all_wall" -v n="$rows" -v ak="$all_kb" 'BEGIN {
  printf "one text: %.2f s, %.0f MB peak\n", w, k / 1024
  printf "%d rows: %.2f s, %.0f MB peak; one row %.2f s; after loading %.0f rows/s\n", n, a, ak / 1024, f, (n - 1) / (a - f)
}'
