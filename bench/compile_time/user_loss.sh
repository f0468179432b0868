#!/usr/bin/env bash
# What a loss written from primitives costs to compile: bench/compile_time/user_loss.cpp at -O2
# with the library's BCE and with the asymmetric loss (-DUSER_LOSS); prints seconds and peak
# memory of each. Run it alone: compile time is wall-clock time on a shared machine.
#
#   bench/compile_time/user_loss.sh [extra compiler flags, e.g. -march=native]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cxx=${CXX:-g++}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %-10s %s\n' loss seconds peak_MiB
for loss in bce user; do
  flags=()
  [ "$loss" = user ] && flags=(-DUSER_LOSS)
  /usr/bin/time -f '%e %M' -o "$out/time" \
    "$cxx" -std=c++20 -O2 -fopenmp "$@" "${flags[@]}" -I"$root/include" -I"$root/examples" \
    -isystem /usr/include/eigen3 -c "$here/user_loss.cpp" -o "$out/user_loss.o"
  read -r seconds kib < "$out/time"
  printf '%-6s %-10s %s\n' "$loss" "$seconds" "$((kib / 1024))"
done
