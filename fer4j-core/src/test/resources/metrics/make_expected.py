"""Expected metric values for MetricsSklearnTest, computed with scikit-learn (Debian python3-sklearn 1.2.1).

Run: /usr/bin/python3 make_expected.py > expected.txt
"""
import numpy as np
from sklearn.metrics import f1_score, accuracy_score, confusion_matrix

rng = np.random.default_rng(7)
cases = {
    "random": (rng.integers(-1, 8, 500), rng.integers(0, 8, 500)),
    # class 3 never true nor predicted; class 6 predicted but never true; class 2 true but never predicted
    "absent": (np.array([0, 0, 1, 1, 2, 2, 4, 5, 7, -1, -1]), np.array([0, 1, 1, 6, 0, 0, 4, 5, 7, 3, 6])),
}
for name, (y, p) in cases.items():
    keep = y != -1
    yt, pt = y[keep], p[keep]
    labels = list(range(8))
    print(name)
    print("y", " ".join(map(str, y)))
    print("p", " ".join(map(str, p)))
    print("macro_f1", repr(f1_score(yt, pt, labels=labels, average="macro")))
    print("accuracy", repr(accuracy_score(yt, pt)))
    print("per_class", " ".join(repr(v) for v in f1_score(yt, pt, labels=labels, average=None)))
    print("confusion", " ".join(map(str, confusion_matrix(yt, pt, labels=labels).ravel())))
