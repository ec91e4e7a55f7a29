/**
 * @kenobi/imaging: astropy-exact intervals and stretches, Lupton RGB and band composites, PNG/JPEG decode,
 * Pillow-exact resize, crop/pad, model preprocessing (`toModelInput`), seeded Keras-style augmentation and
 * dihedral test-time augmentation. Pure TypeScript: Node and browsers alike (`decodeImageInBrowser` is the
 * one browser-only function).
 */
export { ImagingError, IMAGING_ERROR_CODES } from './imaging-error.js';
export type { ImagingErrorCode } from './imaging-error.js';

export { createRaster, extractChannel, stackChannels, sampleMaximum } from './raster/raster.js';
export type { Raster, PixelArray } from './raster/raster.js';
export { rasterFromView } from './raster/raster-from-view.js';
export { toUint8 } from './raster/to-uint8.js';
export { decodeImage, sniffRasterFormat, RASTER_FORMATS } from './raster/decode-image.js';
export type { RasterFormat } from './raster/decode-image.js';
export { decodePng } from './raster/decode-png.js';
export { decodeJpeg } from './raster/decode-jpeg.js';
export { setJpegDecoderWasm } from './raster/libjpeg-turbo.js';
export { LIBJPEG_TURBO_WASM_FILE } from './raster/libjpeg-turbo-wasm-file.js';
export type { JpegDecoderWasm } from './raster/libjpeg-turbo.js';
export { encodePng } from './raster/encode-png.js';
export { decodeImageInBrowser } from './raster/decode-image-browser.js';

export { normaliseToInterval } from './interval/interval.js';
export type { Interval, IntervalLimits, NormaliseOptions } from './interval/interval.js';
export { minMaxInterval } from './interval/minmax-interval.js';
export { manualInterval } from './interval/manual-interval.js';
export { percentileInterval, asymmetricPercentileInterval } from './interval/percentile-interval.js';
export { zscaleInterval } from './interval/zscale-interval.js';
export type { ZScaleOptions } from './interval/zscale-interval.js';
export { parseInterval, INTERVAL_NAMES } from './interval/interval-spec.js';
export type { IntervalName } from './interval/interval-spec.js';
export { percentileOfSorted } from './interval/numpy-percentile.js';

export { defineStretch } from './stretch/stretch.js';
export type { Stretch, StretchOptions } from './stretch/stretch.js';
export { linearStretch } from './stretch/linear-stretch.js';
export { sqrtStretch } from './stretch/sqrt-stretch.js';
export { powerStretch } from './stretch/power-stretch.js';
export { logStretch } from './stretch/log-stretch.js';
export { asinhStretch } from './stretch/asinh-stretch.js';
export { sinhStretch } from './stretch/sinh-stretch.js';
export { parseStretch, STRETCH_NAMES } from './stretch/stretch-spec.js';
export type { StretchName } from './stretch/stretch-spec.js';
export { stretchValues } from './stretch/stretch-values.js';

export { makeLuptonRgb } from './colour/lupton-rgb.js';
export type { LuptonOptions } from './colour/lupton-rgb.js';
export { orderBands, SDSS_GRI_TO_RGB } from './colour/band-order.js';
export type { NamedBands } from './colour/band-order.js';
export { compositeBands } from './colour/band-composite.js';
export type { CompositeOptions } from './colour/band-composite.js';

export { resize, resizeWindow } from './geometry/resize.js';
export type { ResizeOptions, ResizeWindow } from './geometry/resize.js';
export { resampleCoefficients, RESAMPLE_FILTERS } from './geometry/resample-filter.js';
export type { ResampleFilter, ResampleCoefficients } from './geometry/resample-filter.js';
export { crop, centerCrop } from './geometry/center-crop.js';
export { padTo } from './geometry/pad.js';
export { roundHalfEven } from './geometry/round-half-even.js';

export { RESIZE_POLICIES, CROP_POLICIES, PIXEL_SCALES, CHANNEL_ORDERS } from './preprocess/preprocessing-config.js';
export type { PreprocessingConfig, ResizePolicy, CropPolicy, PixelScale, ChannelOrder } from './preprocess/preprocessing-config.js';
export { toModelInput, fitToSize, normaliseFitted } from './preprocess/to-model-input.js';
export type { ModelInput } from './preprocess/to-model-input.js';
export { matchChannels } from './preprocess/match-channels.js';

export { FILL_MODES, fillIndex } from './augment/fill-mode.js';
export type { FillMode } from './augment/fill-mode.js';
export { affineTransform } from './augment/affine-transform.js';
export type { AffineMap, AffineOptions } from './augment/affine-transform.js';
export { DIHEDRAL_TRANSFORMS, dihedral, composeDihedral, inverseDihedral } from './augment/dihedral.js';
export type { DihedralTransform } from './augment/dihedral.js';
export { ImageAugmenter, drawAugmentation, applyAugmentation } from './augment/random-augmentation.js';
export type { AugmentationParams, AugmentationDraw } from './augment/random-augmentation.js';
