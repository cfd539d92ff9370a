#!/usr/bin/env python3
"""Independent ABAW valence-arousal scorer for a fer4j (or any) VA submission.

usage: score_va_submission.py SUBMISSION ANNOTATIONS_SPLIT_DIR

SUBMISSION: header image_location,valence,arousal, then <video>/<frame:05d>.jpg,v,a lines.
ANNOTATIONS_SPLIT_DIR: folder of <video>.txt files (header valence,arousal, line 2 = frame 1, -5 = unannotated).
Frames where either annotated value is outside [-1, 1] are ignored. CCC with population moments over every annotated
frame of every video of the submission pooled, in float64. Prints JSON with ccc_valence, ccc_arousal, ccc_mean and
the frame count. Uses numpy only; shares no code with fer4j.
"""
import json
import os
import sys

import numpy as np


def ccc(x, y):
    mx, my = x.mean(), y.mean()
    cov = ((x - mx) * (y - my)).mean()
    return 2 * cov / (x.var() + y.var() + (mx - my) ** 2)


def main(submission, split_dir):
    with open(submission, encoding="utf-8") as f:
        header = f.readline().strip()
        if header != "image_location,valence,arousal":
            sys.exit("unexpected submission header: " + header)
        pred = {}
        for line in f:
            if not line.strip():
                continue
            loc, v, a = line.strip().split(",")
            video, image = loc.rsplit("/", 1)
            pred[(video, int(image.split(".")[0]))] = (float(v), float(a))
    videos = sorted({v for v, _ in pred})
    pv, pa, tv, ta = [], [], [], []
    for video in videos:
        truth = np.loadtxt(os.path.join(split_dir, video + ".txt"), delimiter=",", skiprows=1, ndmin=2)
        for i, (v, a) in enumerate(truth, start=1):
            if -1 <= v <= 1 and -1 <= a <= 1 and (video, i) in pred:
                p = pred[(video, i)]
                pv.append(p[0])
                pa.append(p[1])
                tv.append(v)
                ta.append(a)
    pv, pa, tv, ta = (np.asarray(z, dtype=np.float64) for z in (pv, pa, tv, ta))
    cv, ca = ccc(pv, tv), ccc(pa, ta)
    print(json.dumps({"ccc_valence": cv, "ccc_arousal": ca, "ccc_mean": (cv + ca) / 2, "frames": int(len(tv))}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
