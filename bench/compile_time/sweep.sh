#!/usr/bin/env bash
# Compile-time sweep: compiles bench/compile_time/mlp_depth.cpp (an MLP of D dense layers with both
# its BCE and focal gradient programs) at -O2 for D = 2, 4, ..., 16 and prints seconds and peak
# memory per depth. Run it alone: compile time is wall-clock time on a shared machine.
#
#   bench/compile_time/sweep.sh [extra compiler flags, e.g. -march=native]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cxx=${CXX:-g++}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %-8s %-10s %s\n' depth nodes seconds peak_MiB
for depth in 2 4 6 8 10 12 14 16; do
  /usr/bin/time -f '%e %M' -o "$out/time" \
    "$cxx" -std=c++20 -O2 -fopenmp "$@" -I"$root/include" -isystem /usr/include/eigen3 \
    -DMETAGRAD_DEPTH="$depth" "$here/mlp_depth.cpp" -o "$out/mlp"
  read -r seconds kib < "$out/time"
  nodes=$("$out/mlp" | sed -n 's/.*nodes \([0-9]*\).*/\1/p')
  printf '%-6s %-8s %-10s %s\n' "$depth" "$nodes" "$seconds" "$((kib / 1024))"
done
