"""Reference forward/backward of Linear(3,4) -> ReLU -> Linear(4,3) on a 2-row batch with class-weighted
cross-entropy (PyTorch's weighted mean: sum_n w_y * CE_n / sum_n w_y), derived by hand in float64 numpy.
Prints the Java literals used by io.fer4j.head.MlpBatchStepTest. Run: python3 mlp_reference.py"""
import numpy as np

x = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0]])
y = np.array([2, 0])
w1 = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [0.05, 0.1, -0.15]])
b1 = np.array([0.01, -0.02, 0.03, 0.2])
w2 = np.array([[0.2, -0.1, 0.3, 0.5], [-0.4, 0.6, 0.1, -0.2], [0.7, -0.3, -0.5, 0.25]])
b2 = np.array([0.1, 0.0, -0.1])
cw = np.array([1.0, 2.0, 4.0])

pre = x @ w1.T + b1
h = np.maximum(pre, 0)
z = h @ w2.T + b2
p = np.exp(z - z.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
wy = cw[y]
loss = np.sum(wy * -np.log(p[np.arange(2), y])) / wy.sum()
dz = p.copy(); dz[np.arange(2), y] -= 1; dz *= (wy / wy.sum())[:, None]
gw2 = dz.T @ h
gb2 = dz.sum(0)
dh = (dz @ w2) * (pre > 0)
gw1 = dh.T @ x
gb1 = dh.sum(0)

def lit(name, a):
    print(f"    private static final double[] {name} = {{{', '.join(repr(float(v)) for v in np.ravel(a))}}};")

lit("LOGITS", z); print(f"    private static final double LOSS = {float(loss)!r};")
lit("GW1", gw1); lit("GB1", gb1); lit("GW2", gw2); lit("GB2", gb2)
