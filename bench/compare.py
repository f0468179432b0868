#!/usr/bin/env python3
"""Reads train_step's --benchmark_out JSON and prints, per configuration and thread count, the
median step time of each implementation, the ratios that matter and each one's counters.

    python3 bench/compare.py build/train_step.json [--markdown]

Medians come from the run's repetitions (--benchmark_repetitions=N); a run without repetitions
uses its single measurement. Standard library only."""

import argparse
import json
import statistics
import sys
from collections import defaultdict

IMPLS = ["compiled", "runtime", "eigen", "gemm", "libtorch", "generated"]
RATIOS = [("runtime", "compiled"), ("libtorch", "compiled"), ("compiled", "eigen"),
          ("compiled", "gemm"), ("generated", "compiled")]
CONFIG_ORDER = ["a1", "a32", "a256", "b", "c", "d", "m"]
PAIR_ORDER = ["runtime:compiled", "compiled:eigen", "compiled:gemm", "generated:compiled"]


def load(path):
    with open(path) as f:
        doc = json.load(f)
    times = defaultdict(list)  # (config, threads, impl) -> [seconds]
    counters = {}
    for b in doc.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        if b.get("error_occurred"):
            continue
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) < 4 or parts[0] != "train_step":
            continue
        impl, config, threads = parts[1], parts[2], parts[3].replace("threads:", "")
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        key = (config, int(threads), impl)
        if b.get("run_type") == "aggregate":
            times[key] = [b["real_time"] * scale]  # the median aggregate wins
            counters[key] = b
        elif key not in counters or counters[key].get("run_type") != "aggregate":
            times[key].append(b["real_time"] * scale)
            counters[key] = b
    return doc.get("context", {}), {k: statistics.median(v) for k, v in times.items()}, counters


def load_pairs(path):
    """train_step_pair results: (pair, config, threads) -> median over repetitions of `ratio`."""
    with open(path) as f:
        doc = json.load(f)
    ratios = defaultdict(list)
    for b in doc.get("benchmarks", []):
        parts = b.get("run_name", b["name"]).split("/")
        if parts[0] != "train_step_pair" or len(parts) < 4 or b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        ratios[(parts[1], parts[2], int(parts[3].replace("threads:", "")))].append(b["ratio"])
    return {k: statistics.median(v) for k, v in ratios.items()}


def config_rank(config):
    return CONFIG_ORDER.index(config) if config in CONFIG_ORDER else len(CONFIG_ORDER)


def fmt_time(seconds):
    return f"{seconds * 1e6:.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()
    try:
        context, median, counters = load(args.json)
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"compare.py: {args.json}: {e}")
    if not median:
        sys.exit(f"compare.py: {args.json}: no train_step results")

    print(f"host {context.get('host_name', '?')}, {context.get('num_cpus', '?')} cpus, "
          f"{context.get('mhz_per_cpu', '?')} MHz; gemm path: {context.get('gemm_path', '?')}; "
          f"build {context.get('library_build_type', '?')}")
    groups = sorted({(c, t) for c, t, _ in median},
                    key=lambda g: (config_rank(g[0]), g[1]))
    impls = [i for i in IMPLS if any(k[2] == i for k in median)]
    ratios = [(a, b) for a, b in RATIOS if a in impls and b in impls]
    header = ["config", "threads"] + impls + [f"{a}/{b}" for a, b in ratios] + \
             ["compiled GFLOP/s", "allocs/step (" + ",".join(impls) + ")"]
    rows = []
    for config, threads in groups:
        t = {i: median.get((config, threads, i)) for i in impls}
        row = [config, str(threads)] + [fmt_time(t[i]) if t[i] else "-" for i in impls]
        row += [f"{t[a] / t[b]:.2f}" if t[a] and t[b] else "-" for a, b in ratios]
        c = counters.get((config, threads, "compiled"), {})
        row.append(f"{c['gflops']:.1f}" if "gflops" in c else "-")
        row.append(",".join(
            f"{counters[(config, threads, i)].get('allocs_per_step', float('nan')):.0f}"
            if (config, threads, i) in counters else "-" for i in impls))
        rows.append(row)
    print_table(header, rows, args.markdown)

    pairs = load_pairs(args.json)
    if pairs:
        print("\npaired steps (the median of per-iteration time ratios, both timed in one loop):")
        names = sorted({p for p, _, _ in pairs}, key=lambda p: PAIR_ORDER.index(p)
                       if p in PAIR_ORDER else len(PAIR_ORDER))
        groups = sorted({(c, t) for _, c, t in pairs}, key=lambda g: (config_rank(g[0]), g[1]))
        print_table(["config", "threads"] + [p.replace(":", "/") for p in names],
                    [[c, str(t)] + [f"{pairs[(p, c, t)]:.3f}" if (p, c, t) in pairs else "-"
                                    for p in names] for c, t in groups], args.markdown)


def print_table(header, rows, markdown):
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))


if __name__ == "__main__":
    main()
