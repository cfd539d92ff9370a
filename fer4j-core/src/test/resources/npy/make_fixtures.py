#!/usr/bin/python3
"""Writes the .npy fixtures of io.fer4j.npy's tests with numpy (run from this folder: python3 make_fixtures.py).

Every file is produced by numpy itself (np.save / np.lib.format.write_array) so the Java reader is checked against
the reference implementation; the malformed ones are numpy output with one deliberate defect.
"""
import numpy as np
from numpy.lib import format as fmt


def write(name, arr, version=None):
    with open(name, "wb") as f:
        fmt.write_array(f, arr, version=version, allow_pickle=False)


# plain arrays, header version 1 (numpy's default)
np.save("int32_1d.npy", np.arange(-3, 7, dtype=np.int32))
np.save("int32_2d.npy", np.arange(12, dtype=np.int32).reshape(3, 4) * 1000 - 5000)
np.save("int32_empty.npy", np.zeros((0,), dtype=np.int32))
np.save("float32_2d.npy", np.array([[0.5, -1.25, 3.0e-3, 1.0e10, -0.0],
                                    [np.pi, -np.e, 65504.0, 1.0e-40, 7.0]], dtype=np.float32))
np.save("float32_0d.npy", np.float32(3.5))
np.save("float32_empty_2d.npy", np.zeros((0, 4), dtype=np.float32))
np.save("float16_2d.npy", np.array([[0.1, -2.5, 1000.0], [6.1e-5, -0.0, 65504.0],
                                    [1.0 / 3.0, 2.0, -3.0], [0.0, 7.0e-8, 1.5]], dtype=np.float16))
np.save("int64_1d.npy", np.array([1, 2, 3, 2147483647]))           # numpy's default integer type
np.save("int64_too_big.npy", np.array([1, 2147483648]))
np.save("float64_1d.npy", np.array([0.25, -1.5, 1.0e300]))
np.save("float32_3d.npy", np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8)

# the same 2-d float32 array with header versions 2.0 and 3.0
arr = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
write("float32_v2.npy", arr, version=(2, 0))
write("float32_v3.npy", arr, version=(3, 0))

# float16: every one of the 65,536 bit patterns, and numpy's float32 value of each
all_half = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16)
np.save("float16_all.npy", all_half)
with np.errstate(invalid="ignore"):
    np.save("float16_all_as_float32.npy", all_half.astype(np.float32))

# float32 -> float16 rounding: for every 16th half value h (and its negative): h, the midpoint to the next half,
# and the floats one ulp either side of the midpoint; plus overflow, underflow and NaN cases
bits = np.arange(0, 0x7c00, 16, dtype=np.uint32).astype(np.uint16)
lo = bits.view(np.float16).astype(np.float32).astype(np.float64)
hi = (bits + 1).view(np.float16).astype(np.float32).astype(np.float64)
mid = ((lo + hi) / 2).astype(np.float32)          # exact in float32
inputs = np.concatenate([lo.astype(np.float32), mid, np.nextafter(mid, np.float32(0)),
                         np.nextafter(mid, np.float32(np.inf))])
special = np.array([65504.0, 65519.996, 65520.0, 65536.0, 1.0e9, 2.0 ** -24, 2.0 ** -25, 2.0 ** -26,
                    1.5 * 2.0 ** -25, 2.0 ** -25 * 1.0000001, 2.0 ** -14, 2.0 ** -14 * (1 - 2.0 ** -12),
                    1.0e-45, np.inf], dtype=np.float32)
inputs = np.concatenate([inputs, special, -inputs, -special])
nans = np.array([0x7fc00000, 0x7f800001, 0x7fffffff, 0xffc00000, 0x7f802000, 0x7fa00000],
                dtype=np.uint32).view(np.float32)
inputs = np.concatenate([inputs, nans]).astype(np.float32)
np.save("float32_to_float16_inputs.npy", inputs)
with np.errstate(over="ignore", invalid="ignore"):
    np.save("float32_to_float16_expected.npy", inputs.astype(np.float16))

# malformed inputs: each is a valid numpy file with one defect
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save("fortran_1d.npy", np.asfortranarray(np.arange(3, dtype=np.float32)))   # 1-d: numpy writes False anyway
np.save("big_endian.npy", np.arange(4, dtype=">f4"))
np.save("complex.npy", np.arange(3, dtype=np.complex64))
np.save("structured.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]))
whole = open("float32_2d.npy", "rb").read()
open("truncated.npy", "wb").write(whole[:-3])
open("truncated_header.npy", "wb").write(whole[:40])
open("trailing_bytes.npy", "wb").write(whole + b"\0\0\0\0")
open("bad_magic.npy", "wb").write(b"\x93NUMPZ" + whole[6:])
open("bad_version.npy", "wb").write(whole[:6] + b"\x04\x00" + whole[8:])
open("bad_dict.npy", "wb").write(whole.replace(b"'shape': (2, 5)", b"'shape': (2; 5)"))
open("missing_key.npy", "wb").write(whole.replace(b"'fortran_order': False,", b"'fortran_ordr': False, "))
open("tiny.npy", "wb").write(b"\x93NUM")
