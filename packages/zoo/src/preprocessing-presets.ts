/**
 * Named preprocessing presets for `kenobi models import --preset`: the common conventions of pretrained CNNs.
 */
import type { ZooPreprocessing } from './zoo-types.js';

/** Preset names. */
export const PREPROCESSING_PRESETS = Object.freeze(['imagenet', 'imagenet-caffe', 'mnist', 'cifar10', 'unit'] as const);
export type PreprocessingPreset = (typeof PREPROCESSING_PRESETS)[number];

const TABLE: Readonly<Record<PreprocessingPreset, ZooPreprocessing>> = Object.freeze({
  // torchvision / timm ImageNet: RGB 0-1, shorter side 256, centre crop 224.
  imagenet: { inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center', interpolation: 'bilinear', scale: '0-1', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW' },
  // Caffe / Keras "caffe" mode: BGR 0-255 minus the ImageNet mean (B,G,R), no std.
  'imagenet-caffe': { inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center', interpolation: 'bilinear', scale: '0-255', mean: [103.939, 116.779, 123.68], std: [1, 1, 1], channelOrder: 'BGR', layout: 'NCHW' },
  mnist: { inputSize: [28, 28], channels: 1, resize: 'exact', crop: 'none', interpolation: 'bilinear', scale: '0-1', mean: [0.1307], std: [0.3081], channelOrder: 'RGB', layout: 'NCHW' },
  cifar10: { inputSize: [32, 32], channels: 3, resize: 'shorter-side', resizeSize: 32, crop: 'center', interpolation: 'bilinear', scale: '0-1', mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201], channelOrder: 'RGB', layout: 'NCHW' },
  // 0-1 pixels, no normalisation, 224x224.
  unit: { inputSize: [224, 224], channels: 3, resize: 'shorter-side', resizeSize: 256, crop: 'center', interpolation: 'bilinear', scale: '0-1', mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB', layout: 'NCHW' },
});

/**
 * The preprocessing of a named preset, optionally with explicit mean/std (and input size) replacing its own.
 *
 * @example
 * ```ts
 * preprocessingPreset('imagenet').mean;                        // [0.485, 0.456, 0.406]
 * preprocessingPreset('unit', { mean: [0.5], std: [0.5] }).std; // [0.5]
 * ```
 */
export function preprocessingPreset(name: string, override: { mean?: readonly number[]; std?: readonly number[]; inputSize?: readonly [number, number] } = {}): ZooPreprocessing {
  if (!(PREPROCESSING_PRESETS as readonly string[]).includes(name)) {
    throw new RangeError(`unknown preprocessing preset '${name}' (known: ${PREPROCESSING_PRESETS.join(', ')})`);
  }
  const base = TABLE[name as PreprocessingPreset];
  return { ...base, ...(override.mean ? { mean: [...override.mean] } : {}), ...(override.std ? { std: [...override.std] } : {}), ...(override.inputSize ? { inputSize: override.inputSize } : {}) };
}
