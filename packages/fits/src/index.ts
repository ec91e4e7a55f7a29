/** @kenobi/fits: FITS reader and writer: headers, HDUs, all BITPIX, scaling, BLANK, tile compression. */
export {};
