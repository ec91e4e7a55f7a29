#!/usr/bin/python3
"""Times astropy decoding each bench input from bytes already in memory; prints JSON (median seconds).

  /usr/bin/python3 scripts/bench/fits/astropy_decode.py repeats file:hdu ...
"""
import io
import json
import statistics
import sys
import time

import numpy as np
from astropy.io import fits

repeats = int(sys.argv[1])
out = {}
for spec in sys.argv[2:]:
    path, hdu = spec.rsplit(':', 1)
    data = open(path, 'rb').read()
    as_returned, native = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with fits.open(io.BytesIO(data), memmap=False) as hdul:
            a = hdul[int(hdu)].data
            t1 = time.perf_counter()
            b = a.astype(a.dtype.newbyteorder('='), copy=False)  # native byte order, as a typed array is
            t2 = time.perf_counter()
        as_returned.append(t1 - t0)
        native.append(t2 - t0)
    out[spec] = {'as_returned_s': statistics.median(as_returned), 'native_s': statistics.median(native),
                 'dtype': str(b.dtype), 'shape': list(b.shape), 'checksum': float(np.nansum(b, dtype='f8'))}
print(json.dumps(out))
