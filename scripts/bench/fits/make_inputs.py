#!/usr/bin/python3
"""Bench inputs for scripts/bench/fits/run.ts, written with Debian's python3-astropy into the folder given.

  /usr/bin/python3 scripts/bench/fits/make_inputs.py /tmp/dir [size]
"""
import sys

import numpy as np
from astropy.io import fits

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
rng = np.random.default_rng(42)
img = rng.normal(1000, 30, (n, n)).astype('f4')
fits.PrimaryHDU(img).writeto(f'{out}/float32.fits', overwrite=True)
scaled = fits.PrimaryHDU(img.copy())
scaled.scale('int16', bscale=0.05, bzero=1000.0)
scaled.writeto(f'{out}/int16-scaled.fits', overwrite=True)
comp = fits.CompImageHDU(img, compression_type='RICE_1', quantize_method=1, dither_seed=7, tile_size=(n, 1))  # astropy 5.2 takes FITS order: whole-row tiles, as fpack writes
fits.HDUList([fits.PrimaryHDU(), comp]).writeto(f'{out}/rice-float32.fits', overwrite=True)
# HCOMPRESS_1: an int16 image (32-bit decoding) and quantised float32 (64-bit decoding), 64-row tiles
counts = np.round(img - 900).astype('i2')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(counts, compression_type='HCOMPRESS_1', tile_size=(n, 64))]).writeto(f'{out}/hcompress-int16.fits', overwrite=True)
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(img, compression_type='HCOMPRESS_1', quantize_method=1, dither_seed=7, tile_size=(n, 64))]).writeto(f'{out}/hcompress-float32.fits', overwrite=True)
