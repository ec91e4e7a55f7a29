/**
 * @kenobi/fits: FITS reader and writer. Headers (typed cards, CONTINUE, HIERARCH), HDUs (primary, IMAGE,
 * binary and ASCII tables read column by column, random groups recognised), all BITPIX, BSCALE/BZERO/BLANK, cubes, gzip and .Z
 * containers, tile compression (RICE_1, GZIP_1/2, PLIO_1, quantised floats with dithering), with memory limits
 * for untrusted files (README, "Limits"). Pure TypeScript; the Node-only entry `@kenobi/fits/node` adds file
 * reading and bzip2.
 */
export { FitsError, FITS_ERROR_CODES } from './errors.js';
export { MAX_EXPANSION, DEFAULT_MAX_BYTES, MAX_HEADER_BYTES, MAX_TRAILING_BYTES } from './limits.js';
export type { FitsErrorCode } from './errors.js';
export { parseCard, parseFitsNumber, CARD_KINDS, CARD_LENGTH } from './header/card.js';
export type { FitsCard, FitsValue, FitsComplex, CardKind } from './header/card.js';
export { FitsHeader, parseHeader, BLOCK_SIZE } from './header/header.js';
export { formatCard } from './header/format-card.js';
export { HDU_KINDS, scanHdus } from './hdu.js';
export type { FitsHdu, HduKind } from './hdu.js';
export { FITS_DTYPES, BITPIX_VALUES, isBitpix, dtypeOfBitpix, dtypeOf, allocate } from './data/dtype.js';
export type { FitsDtype, FitsTypedArray, Bitpix } from './data/dtype.js';
export { ndArray, sizeOf, get, selectPlane, toContiguous } from './data/nd-array.js';
export type { NdArray } from './data/nd-array.js';
export { decodeBigEndian, encodeBigEndian } from './data/big-endian.js';
export { BLANK_POLICIES, scaleValues, toFloat, unsignedConvention } from './data/scaling.js';
export type { BlankPolicy, ScalingInput, ScalingResult } from './data/scaling.js';
export { FITS_CONTAINERS, detectContainer, unwrapContainer } from './container/containers.js';
export type { FitsContainer, ContainerDecoders, Decompressor } from './container/containers.js';
export { unixUncompress } from './container/unix-compress.js';
export { TILE_ALGORITHMS, decodeCompressedImage } from './tiles/compressed-image.js';
export type { TileAlgorithm, DecodedTiles, DecodeTilesOptions } from './tiles/compressed-image.js';
export { QUANTIZE_METHODS, ditherRandoms, dequantize } from './tiles/dither.js';
export type { QuantizeMethod, DequantizeTile } from './tiles/dither.js';
export { riceDecode } from './tiles/rice.js';
export { plioDecode } from './tiles/plio.js';
export { FitsFile, openFits, readFitsStream } from './fits-file.js';
export type { HduSelector, OpenFitsOptions, ReadImageOptions, FitsImage } from './fits-file.js';
export { writeFits, WRITE_TYPES } from './writer.js';
export { FitsTable, openTable } from './table/fits-table.js';
export { tableColumns, findColumn } from './table/table-columns.js';
export type { FitsColumnInfo } from './table/table-columns.js';
export { FITS_COLUMN_KINDS, columnValue } from './table/table-column.js';
export type { FitsTableColumn, FitsColumnKind } from './table/table-column.js';
export { BINARY_TYPES, ASCII_TYPES, parseBinaryFormat, parseAsciiFormat, parseTdim } from './table/table-format.js';
export type { BinaryType, AsciiType, BinaryFormat, AsciiFormat } from './table/table-format.js';
export { writeFitsTable } from './table/table-writer.js';
export type { FitsTableColumnInput, FitsTableHduInput, FitsTableData } from './table/table-writer.js';
export type { FitsWriteHdu, FitsWriteData, WriteType, HeaderEntry } from './writer.js';
