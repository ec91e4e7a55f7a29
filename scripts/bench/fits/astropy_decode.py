#!/usr/bin/python3
"""Times astropy decoding bench inputs from bytes already in memory, one run per request, so that run.ts can
interleave astropy's runs with Kenobi's (the shared machine's load then hits both alike).

  ${KENOBI_BENCH_PYTHON:-/usr/bin/python3} scripts/bench/fits/astropy_decode.py file:hdu ...
  stdin: one case index per line; stdout: one JSON line per request
  {"as_returned_s", "native_s", "dtype", "shape", "checksum"}

Each run is `fits.open(io.BytesIO(bytes), memmap=False)` + `.data` (astropy copies the data unit out of the
buffer, byte-swaps nothing and applies BSCALE/BZERO or decompresses), then the conversion to native byte order
that a JS typed array has (`native_s` includes it).
"""
import io
import json
import sys
import time

import numpy as np
from astropy.io import fits

specs = [s.rsplit(':', 1) for s in sys.argv[1:]]
blobs = [open(path, 'rb').read() for path, _ in specs]
for line in sys.stdin:
    i = int(line)
    t0 = time.perf_counter()
    with fits.open(io.BytesIO(blobs[i]), memmap=False) as hdul:
        a = hdul[int(specs[i][1])].data
        t1 = time.perf_counter()
        b = a.astype(a.dtype.newbyteorder('='), copy=False)  # native byte order, as a typed array is
        t2 = time.perf_counter()
    out = {'as_returned_s': t1 - t0, 'native_s': t2 - t0, 'dtype': str(b.dtype), 'shape': list(b.shape),
           'checksum': float(np.nansum(b, dtype='f8'))}
    del a, b
    print(json.dumps(out), flush=True)
