#!/usr/bin/python3
"""Peer measurements with astropy (Debian's /usr/bin/python3), for BENCHMARKS.md side by side with our JMH runs.

usage: /usr/bin/python3 scripts/peer_astropy.py SHARED_DATA_REAL_DIR
Prints: astropy/wcslib TAN-SIP pixel->sky and sky->pixel points/s on siponly.hdr (1,000,000 points, best of 5),
and astropy FITS read MB/s of an uncompressed 4096x4096 IMAGE+MASK+VARIANCE exposure from page cache (best of 5).
"""
import os, sys, tempfile, time
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

real = sys.argv[1]
with open(os.path.join(real, "wcs", "siponly.hdr"), "rb") as f:
    raw = f.read()
hdr = fits.Header.fromstring(raw.decode("ascii"))
w = WCS(hdr)
rng = np.random.default_rng(1)
n = 1_000_000
x = rng.uniform(0, 2047, n)
y = rng.uniform(0, 4095, n)

def best(fn, reps=5):
    t = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); t.append(time.perf_counter() - t0)
    return min(t)

ra, dec = w.all_pix2world(x, y, 0)
t = best(lambda: w.all_pix2world(x, y, 0))
print(f"astropy all_pix2world TAN-SIP: {n / t / 1e6:.2f} M points/s")
t = best(lambda: w.all_world2pix(ra, dec, 0, tolerance=1e-8))
print(f"astropy all_world2pix TAN-SIP: {n / t / 1e6:.2f} M points/s")

d = tempfile.mkdtemp()
p = os.path.join(d, "exp.fits")
img = rng.normal(size=(4096, 4096)).astype(np.float32)
hl = fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(img, name="IMAGE"),
                   fits.ImageHDU(np.zeros((4096, 4096), np.int32), name="MASK"),
                   fits.ImageHDU(np.ones((4096, 4096), np.float32), name="VARIANCE")])
hl.writeto(p)
size = os.path.getsize(p)
def read():
    with fits.open(p, memmap=False) as h:
        for i in (1, 2, 3):
            _ = h[i].data.sum()  # force the read and the byte swap
t = best(read)
print(f"astropy FITS read (memmap=False, 4096^2 x3, byte-swapped): {size / t / 1e6:.0f} MB/s")
os.remove(p)
