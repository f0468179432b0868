#!/usr/bin/env bash
# Installs what metagrad builds with, from Debian's packages (run as root, or it uses sudo).
set -euo pipefail
packages=(g++ cmake make libboost-dev libeigen3-dev catch2 libbenchmark-dev nlohmann-json3-dev libopenblas-openmp-dev graphviz clang-format-14 gnuplot-nox openmpi-bin libopenmpi-dev libzstd-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
