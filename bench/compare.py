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
PAIR_ORDER = ["runtime:compiled", "libtorch:compiled", "compiled:eigen", "compiled:gemm", "generated:compiled"]


def runs(doc, family):
    """(config, threads, name) -> the runs of benchmark family/name/config/threads:T: its median
    aggregate when the run had repetitions, else its measurements (errors left out)."""
    found = defaultdict(list)
    for b in doc.get("benchmarks", []):
        if b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) < 4 or parts[0] != family:
            continue
        key = (parts[2], int(parts[3].replace("threads:", "")), parts[1])
        if b.get("run_type") == "aggregate":
            found[key] = [b]  # the median aggregate wins
        elif not found[key] or found[key][0].get("run_type") != "aggregate":
            found[key].append(b)
    return found


def step_times(doc):
    """train_step: (config, threads, impl) -> median seconds, and the counters of its last run."""
    times, counters = {}, {}
    for key, bs in runs(doc, "train_step").items():
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[bs[-1].get("time_unit", "ns")]
        times[key] = statistics.median(b["real_time"] * scale for b in bs)
        counters[key] = bs[-1]
    return times, counters


def pair_ratios(doc):
    """train_step_pair: (config, threads, "a:b") -> the median of its `ratio` counters."""
    return {key: statistics.median(b["ratio"] for b in bs)
            for key, bs in runs(doc, "train_step_pair").items()}


def rank(name, order):
    return order.index(name) if name in order else len(order)


def fmt_time(seconds):
    return f"{seconds * 1e6:.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()
    try:
        with open(args.json) as f:
            doc = json.load(f)
        median, counters = step_times(doc)
        pairs = pair_ratios(doc)
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"compare.py: {args.json}: {e}")
    context = doc.get("context", {})
    if not median and not pairs:
        sys.exit(f"compare.py: {args.json}: no train_step results")

    print(f"host {context.get('host_name', '?')}, {context.get('num_cpus', '?')} cpus, "
          f"{context.get('mhz_per_cpu', '?')} MHz; gemm path: {context.get('gemm_path', '?')}; "
          f"build {context.get('library_build_type', '?')}")
    groups = sorted({(c, t) for c, t, _ in median},
                    key=lambda g: (rank(g[0], CONFIG_ORDER), g[1]))
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
    if rows:
        print_table(header, rows, args.markdown)

    if pairs:
        print("\npaired steps (the median of per-iteration time ratios, both timed in one loop):")
        names = sorted({p for _, _, p in pairs}, key=lambda p: rank(p, PAIR_ORDER))
        groups = sorted({(c, t) for c, t, _ in pairs},
                        key=lambda g: (rank(g[0], CONFIG_ORDER), g[1]))
        print_table(["config", "threads"] + [p.replace(":", "/") for p in names],
                    [[c, str(t)] + [f"{pairs[(c, t, p)]:.3f}" if (c, t, p) in pairs else "-"
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
