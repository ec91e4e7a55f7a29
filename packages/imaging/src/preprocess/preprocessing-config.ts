import type { ResampleFilter } from '../geometry/resample-filter.js';

/**
 * How the image is brought to the model's size before cropping (see {@link PreprocessingConfig}).
 * - `shorter-side`: scale so the shorter side is `resizeSize`, keeping the aspect ratio (torchvision
 *   `Resize(256)`, timm `scale_size`).
 * - `exact`: scale straight to `inputSize` (aspect ratio not kept; Keras `load_img(target_size=...)`).
 * - `none`: leave the size as it is.
 *
 * @example
 * ```ts
 * RESIZE_POLICIES; // ['shorter-side', 'exact', 'none']
 * ```
 */
export const RESIZE_POLICIES = Object.freeze(['shorter-side', 'exact', 'none'] as const);
/** One of {@link RESIZE_POLICIES}. @example `const r: ResizePolicy = 'shorter-side';` */
export type ResizePolicy = (typeof RESIZE_POLICIES)[number];

/**
 * How the resized image becomes exactly `inputSize`.
 * - `center`: the centre window (offset `floor`, or `round` with `cropOffset: 'round'` as torchvision).
 * - `pad`: centred on a canvas of `padValue`; sides that are too long are centre-cropped.
 * - `none`: the image must already be `inputSize`.
 *
 * @example
 * ```ts
 * CROP_POLICIES; // ['center', 'none', 'pad']
 * ```
 */
export const CROP_POLICIES = Object.freeze(['center', 'none', 'pad'] as const);
/** One of {@link CROP_POLICIES}. @example `const c: CropPolicy = 'center';` */
export type CropPolicy = (typeof CROP_POLICIES)[number];

/**
 * The range pixels are scaled to before mean/std: `0-1` divides integer images by their maximum (255 or
 * 65535; torchvision `ToTensor`), `0-255` maps them to 0..255 (Caffe-style models). Float images are taken
 * to be in [0, 1] already (e.g. stretched FITS bands) and multiplied by 255 for `0-255`.
 *
 * @example
 * ```ts
 * PIXEL_SCALES; // ['0-1', '0-255']
 * ```
 */
export const PIXEL_SCALES = Object.freeze(['0-1', '0-255'] as const);
/** One of {@link PIXEL_SCALES}. @example `const s: PixelScale = '0-1';` */
export type PixelScale = (typeof PIXEL_SCALES)[number];

/**
 * The channel order a model was trained with: `RGB` (PyTorch, Keras 'torch'/'tf' modes) or `BGR` (Caffe,
 * Keras 'caffe' mode).
 *
 * @example
 * ```ts
 * CHANNEL_ORDERS; // ['RGB', 'BGR']
 * ```
 */
export const CHANNEL_ORDERS = Object.freeze(['RGB', 'BGR'] as const);
/** One of {@link CHANNEL_ORDERS}. @example `const o: ChannelOrder = 'BGR';` */
export type ChannelOrder = (typeof CHANNEL_ORDERS)[number];

/**
 * Everything between a decoded image and a model's input tensor, in the spirit of timm's `pretrained_cfg`.
 * The zoo's manifest carries one per model; `toModelInput` applies it. Steps, in order:
 * band mapping / grey handling → resize → crop or pad → scale → (x - mean) / std → channel order → NCHW.
 *
 * @example
 * ```ts
 * const in224: PreprocessingConfig = {
 *   inputSize: [224, 224], resize: 'shorter-side', resizeSize: 256, crop: 'center',
 *   scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
 *   channelOrder: 'RGB', layout: 'NCHW',
 * };
 * const mnist: PreprocessingConfig = {
 *   inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', scale: '0-1',
 *   mean: [0.1307], std: [0.3081], channelOrder: 'RGB', layout: 'NCHW',
 * };
 * ```
 */
export interface PreprocessingConfig {
  /** The model's spatial input size, `[height, width]`. */
  readonly inputSize: readonly [height: number, width: number];
  /** The model's channel count (1 or 3; default `mean.length`). */
  readonly channels?: number;
  readonly resize: ResizePolicy;
  /** Target of the shorter side for `resize: 'shorter-side'` (default the smaller of `inputSize`). */
  readonly resizeSize?: number;
  /** How the longer side's new length is rounded for `shorter-side`: `round` (Python's, ties to even; the
   * default, as the shared golden `in224`) or `floor` (torchvision's `int()`). */
  readonly resizeRounding?: 'round' | 'floor';
  /** Resampling filter (default `bilinear`, Pillow's antialiased bilinear). */
  readonly interpolation?: ResampleFilter;
  readonly crop: CropPolicy;
  /** Centre-crop offset rounding (default `floor`; torchvision uses `round`). */
  readonly cropOffset?: 'floor' | 'round';
  /** Fill value for `crop: 'pad'`, in the image's own units before scaling (default 0). */
  readonly padValue?: number;
  readonly scale: PixelScale;
  /** Per-channel mean, in the model's channel order (after `channelOrder`), in the `scale` units. */
  readonly mean: readonly number[];
  /** Per-channel standard deviation, same order and units as `mean`. */
  readonly std: readonly number[];
  readonly channelOrder: ChannelOrder;
  readonly layout: 'NCHW';
  /** A 1-channel image for a 3-channel model: `replicate` it (default) or refuse (`error`). A colour image
   * for a 1-channel model is always converted with Pillow's ITU-R 601-2 luma (`convert('L')`). */
  readonly grey?: 'replicate' | 'error';
  /** N-band input: `bandMapping[k]` is the input channel that becomes model channel k, in RGB order
   * (before `channelOrder`). E.g. g, r, i planes stacked as channels 0, 1, 2 → `[2, 1, 0]` (R=i, G=r, B=g). */
  readonly bandMapping?: readonly number[];
}
