#!/usr/bin/python3
"""A seeded synthetic multi-label set shaped like MULAN's delicious: many long-tailed labels.

  bench/data/many_labels.py OUT_PREFIX [--rows 12920] [--test-rows 3185] [--features 500]
                            [--labels 983] [--seed 1]
writes OUT_PREFIX-train.csv and OUT_PREFIX-test.csv (columns f0.. then l0..: 0/1 word features and
0/1 labels). Label j occurs with a frequency falling as a power of its rank (a few labels in a
quarter of the rows, most in under 0.5%); each label is signalled by a few features of its own, so
a model can learn the frequent ones and barely the rare ones. For timing and memory with many
labels (docs/results.md); numpy only.
"""
import argparse

import numpy as np

a = argparse.ArgumentParser()
a.add_argument("out")
a.add_argument("--rows", type=int, default=12920)
a.add_argument("--test-rows", type=int, default=3185)
a.add_argument("--features", type=int, default=500)
a.add_argument("--labels", type=int, default=983)
a.add_argument("--seed", type=int, default=1)
o = a.parse_args()
rng = np.random.default_rng(o.seed)
rate = np.minimum(0.25, 0.25 * (np.arange(o.labels) + 1.0) ** -0.9)
signals = [rng.choice(o.features, 4, replace=False) for _ in range(o.labels)]


def make(rows):
    y = (rng.random((rows, o.labels)) < rate).astype(np.int8)
    x = (rng.random((rows, o.features)) < 0.02).astype(np.int8)
    for j in range(o.labels):
        on = np.flatnonzero(y[:, j])
        for f in signals[j]:
            x[on[rng.random(on.size) < 0.5], f] = 1
    return x, y


header = ",".join([f"f{i}" for i in range(o.features)] + [f"l{j}" for j in range(o.labels)])
for part, rows in (("train", o.rows), ("test", o.test_rows)):
    x, y = make(rows)
    np.savetxt(f"{o.out}-{part}.csv", np.hstack([x, y]), fmt="%d", delimiter=",", header=header,
               comments="")
