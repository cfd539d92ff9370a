#!/usr/bin/env python3
"""Writes ccc_reference.txt: inputs and numpy-computed CCC / Pearson r / RMSE for ConcordanceTest.

CCC as ABAW scores it (population moments):
    ccc = 2 * cov(x, y) / (var(x) + var(y) + (mean(x) - mean(y))**2), var/cov with divisor n.
Inputs are float32 (printed as the exact float64 value of each float32), computation is float64.
Run: python3 ccc_reference.py > ccc_reference.txt
"""
import numpy as np

rng = np.random.default_rng(20261206)


def case(name, x, y):
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    xd = x.astype(np.float64)
    yd = y.astype(np.float64)
    mx, my = xd.mean(), yd.mean()
    vx, vy = xd.var(), yd.var()
    cov = ((xd - mx) * (yd - my)).mean()
    ccc = 2 * cov / (vx + vy + (mx - my) ** 2)
    r = np.corrcoef(xd, yd)[0, 1]
    rmse = np.sqrt(((xd - yd) ** 2).mean())
    print("case," + name)
    print("x," + ",".join(repr(float(v)) for v in x))
    print("y," + ",".join(repr(float(v)) for v in y))
    print("expected,%r,%r,%r" % (float(ccc), float(r), float(rmse)))


truth = np.clip(rng.normal(0.1, 0.4, 400), -1, 1)
case("good_predictor", np.clip(truth + rng.normal(0, 0.2, 400), -1, 1), truth)
case("biased_shrunk", 0.5 * truth + 0.2 + rng.normal(0, 0.1, 400), truth)
case("anticorrelated", -truth + rng.normal(0, 0.3, 400), truth)
case("small", [0.25, -0.5, 0.75], [0.5, -0.25, 0.0])
case("constant_prediction_offset", np.full(50, 0.3), rng.uniform(-1, 1, 50))
