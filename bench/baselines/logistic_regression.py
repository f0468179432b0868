#!/usr/bin/python3
"""One-vs-rest logistic regression at threshold 0.5: the reference figures of docs/results.md.

Debian's python3-sklearn (apt-get install python3-sklearn python3-pandas). Reads the files of
../shared/data (or $METAGRAD_DATA) as genre_classifier does, with the same splits:
  bench/baselines/logistic_regression.py            # every data set
  bench/baselines/logistic_regression.py yeast      # one
Text columns get one TF-IDF block each (50,000 features, min_df 2, as the classifier's words).
Prints micro-F1, macro-F1 and hamming loss on the test rows.
"""
import os
import sys

import numpy as np
import pandas as pd
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, hamming_loss
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

DATA = os.environ.get("METAGRAD_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))


def numeric(name, label_prefixes, scale):
    train = pd.read_csv(f"{DATA}/mulan/{name}-train.csv")
    test = pd.read_csv(f"{DATA}/mulan/{name}-test.csv")
    labels = [c for c in train.columns if c.startswith(label_prefixes)]
    features = [c for c in train.columns if c.startswith("f")]
    x, xt = train[features].values, test[features].values
    if scale:  # continuous features (yeast); enron's are 0/1 words, kept as they are
        scaler = StandardScaler().fit(x)
        x, xt = scaler.transform(x), scaler.transform(xt)
    return x, train[labels].values, xt, test[labels].values


def movies(file):
    t = pd.read_csv(f"{DATA}/{file}", keep_default_na=False)
    test = t["id"] % 5 == 0
    genres = MultiLabelBinarizer().fit(t.loc[~test, "genres"].str.split("|"))
    y = genres.transform(t["genres"].str.split("|"))
    blocks_train, blocks_test = [], []
    for column in ("plot", "cast"):
        v = TfidfVectorizer(max_features=50000, min_df=2, sublinear_tf=True)
        blocks_train.append(v.fit_transform(t.loc[~test, column]))
        blocks_test.append(v.transform(t.loc[test, column]))
    return hstack(blocks_train).tocsr(), y[~test.values], hstack(blocks_test).tocsr(), y[test.values]


SETS = {
    "yeast": lambda: numeric("yeast", ("Class",), True),
    "enron": lambda: numeric("enron", ("A.", "B.", "C.", "D."), False),
    "movies_masked": lambda: movies("movies_masked.csv"),
    "movies": lambda: movies("movies.csv"),
}

for name in sys.argv[1:] or SETS:
    x, y, xt, yt = SETS[name]()
    keep = y.sum(0) > 0  # a label without training positives is predicted never
    model = OneVsRestClassifier(LogisticRegression(C=1.0, max_iter=2000), n_jobs=1)
    model.fit(x, y[:, keep])
    p = np.zeros(yt.shape)
    p[:, keep] = model.predict_proba(xt)
    pred = (p >= 0.5).astype(int)
    print(f"{name}: micro-F1 {f1_score(yt, pred, average='micro', zero_division=0):.4f}, "
          f"macro-F1 {f1_score(yt, pred, average='macro', zero_division=0):.4f}, "
          f"hamming loss {hamming_loss(yt, pred):.4f}", flush=True)
