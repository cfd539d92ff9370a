#!/usr/bin/python3
"""Expected backbone inputs for FacePreprocessorTest, computed independently with Debian's python3-opencv + numpy
exactly as EmotiEffLib's ONNX recognizer preprocesses a face (CONTRACTS §4):

    x = cv2.resize(img_rgb, (S, S)) / 255          # INTER_LINEAR is cv2.resize's default
    x[..., c] = (x[..., c] - mean[c]) / std[c]
    x.transpose(2, 0, 1).astype("float32")

Run from this directory: /usr/bin/python3 make_fixture.py  (deterministic; rewrites the files below)."""
import json
import cv2
import numpy as np

IMAGENET = ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
HALF = ([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])


def crop(w, h, seed):
    """A smooth face-like gradient plus noise, RGB uint8 (compresses well as PNG, exercises every byte value)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    base = np.stack([128 + 120 * np.sin(xx / w * 3.1 + c) * np.cos(yy / h * 2.3 - c) for c in range(3)], axis=-1)
    noise = rng.integers(-40, 41, size=(h, w, 3))
    return np.clip(base + noise, 0, 255).astype(np.uint8)


def preprocess(img_rgb, s, mean, std):
    x = cv2.resize(img_rgb, (s, s)) / 255
    for i in range(3):
        x[..., i] = (x[..., i] - mean[i]) / std[i]
    return x.transpose(2, 0, 1).astype("float32")


small = crop(37, 29, 1)   # upscaled (typical small face in a video frame)
large = crop(301, 257, 2)  # downscaled
# cv2.imwrite takes BGR: store the RGB crops so that a plain RGB decoder reads `small`/`large` back
cv2.imwrite("crop_37x29.png", cv2.cvtColor(small, cv2.COLOR_RGB2BGR))
cv2.imwrite("crop_301x257.png", cv2.cvtColor(large, cv2.COLOR_RGB2BGR))

np.save("small_s64_imagenet.npy", preprocess(small, 64, *IMAGENET))
np.save("large_s64_imagenet.npy", preprocess(large, 64, *IMAGENET))
np.save("large_s112_half.npy", preprocess(large, 112, *HALF))

# S = 224 (B0) in full would be 600 kB: keep every 37th element plus whole-tensor sums (float64)
summary = {}
for name, img in (("small", small), ("large", large)):
    x = preprocess(img, 224, *IMAGENET)
    np.save(f"{name}_s224_imagenet_every37.npy", x.ravel()[::37].copy())
    summary[name] = {"sum": float(x.astype(np.float64).sum()), "sum_sq": float((x.astype(np.float64) ** 2).sum()),
                     "size": int(x.size)}
x = preprocess(large, 260, *IMAGENET)  # B2
summary["large_s260"] = {"sum": float(x.astype(np.float64).sum()), "sum_sq": float((x.astype(np.float64) ** 2).sum()),
                         "size": int(x.size)}
summary["opencv_version"] = cv2.__version__
with open("s224_summary.json", "w") as f:
    json.dump(summary, f, indent=1)
print("written with OpenCV", cv2.__version__)
