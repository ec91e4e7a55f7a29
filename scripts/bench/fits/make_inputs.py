#!/usr/bin/python3
"""Bench inputs for scripts/bench/fits/run.ts, written with astropy (the peer interpreter: KENOBI_BENCH_PYTHON,
default Debian's /usr/bin/python3 with astropy 5.2) into the folder given. Works with astropy 5.2 and >= 6.

  python3 scripts/bench/fits/make_inputs.py /tmp/dir [size]
"""
import inspect
import sys

import numpy as np
from astropy.io import fits

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
# NOTE: astropy 5.3 added `tile_shape` (numpy order: rows, cols) and astropy 6 removed `tile_size` (FITS order:
# NAXIS1, NAXIS2), so the keyword is picked from CompImageHDU's signature rather than from a version number.
HAS_TILE_SHAPE = 'tile_shape' in inspect.signature(fits.CompImageHDU.__init__).parameters


def tiles(rows, cols):
    """Keyword argument for tiles of `rows` rows × `cols` columns, in whichever form this astropy takes."""
    return {'tile_shape': (rows, cols)} if HAS_TILE_SHAPE else {'tile_size': (cols, rows)}


rng = np.random.default_rng(42)
img = rng.normal(1000, 30, (n, n)).astype('f4')
fits.PrimaryHDU(img).writeto(f'{out}/float32.fits', overwrite=True)
scaled = fits.PrimaryHDU(img.copy())
scaled.scale('int16', bscale=0.05, bzero=1000.0)
scaled.writeto(f'{out}/int16-scaled.fits', overwrite=True)
comp = fits.CompImageHDU(img, compression_type='RICE_1', quantize_method=1, dither_seed=7, **tiles(1, n))  # whole-row tiles, as fpack writes
fits.HDUList([fits.PrimaryHDU(), comp]).writeto(f'{out}/rice-float32.fits', overwrite=True)
# HCOMPRESS_1: an int16 image (32-bit decoding) and quantised float32 (64-bit decoding), 64-row tiles
counts = np.round(img - 900).astype('i2')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(counts, compression_type='HCOMPRESS_1', **tiles(64, n))]).writeto(f'{out}/hcompress-int16.fits', overwrite=True)
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(img, compression_type='HCOMPRESS_1', quantize_method=1, dither_seed=7, **tiles(64, n))]).writeto(f'{out}/hcompress-float32.fits', overwrite=True)
