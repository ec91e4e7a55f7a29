/**
 * What `--augment dihedral,flip,rotate,shift,zoom` means: the dihedral group (one of the 8 symmetries of the
 * square per image) and Keras's `ImageDataGenerator` parameters, as plain data (it travels to a training
 * worker and into a model's metadata). Pure.
 */
import type { AugmentationParams, FillMode } from '@kenobi/imaging';
import { FILL_MODES } from '@kenobi/imaging';
import { FeaturesError } from '../features-error.js';

/**
 * The augmentation words `parseAugment` knows; `rotate`, `shift` and `zoom` take an optional value
 * (`rotate:30`, `shift:0.05`, `zoom:0.2`), `fill` names Keras's fill mode (`fill:reflect`).
 *
 * @example
 * ```ts
 * AUGMENTATIONS; // ['none', 'dihedral', 'flip', 'rotate', 'shift', 'zoom', 'fill']
 * ```
 */
export const AUGMENTATIONS = Object.freeze(['none', 'dihedral', 'flip', 'rotate', 'shift', 'zoom', 'fill'] as const);
/** One of {@link AUGMENTATIONS}. @example `const a: AugmentationName = 'dihedral';` */
export type AugmentationName = (typeof AUGMENTATIONS)[number];

/**
 * Per-image training augmentation: `dihedral` draws one of `DIHEDRAL_TRANSFORMS` uniformly, then the Keras
 * parameters (rotation, shifts, zoom, flips) are drawn and applied as `ImageAugmenter` does.
 *
 * @example
 * ```ts
 * const spec: AugmentSpec = { dihedral: true, keras: { widthShiftRange: 0.1, heightShiftRange: 0.1 } };
 * ```
 */
export interface AugmentSpec {
  readonly dihedral: boolean;
  readonly keras: AugmentationParams;
}

/** The default value of each parameterised word (Keras's usual choices; 180° for sky images, which have no up). */
const DEFAULTS = Object.freeze({ rotate: 180, shift: 0.1, zoom: 0.1 });

/**
 * Parses a comma-separated list of {@link AUGMENTATIONS} (`none` or empty: no augmentation). `flip` is
 * Keras's `horizontal_flip` and `vertical_flip`; `rotate[:deg]` is `rotation_range` (default 180);
 * `shift[:f]` is `width_shift_range` = `height_shift_range` (default 0.1); `zoom[:z]` is `zoom_range`
 * (default 0.1); `fill:<mode>` is `fill_mode` (default nearest, as Keras). `features/bad-option` for
 * anything else.
 *
 * @example
 * ```ts
 * parseAugment('dihedral');             // { dihedral: true, keras: {} }
 * parseAugment('flip,rotate:30,zoom');  // { dihedral: false, keras: { horizontalFlip: true, verticalFlip: true, rotationRange: 30, zoomRange: 0.1 } }
 * ```
 */
export function parseAugment(text: string): AugmentSpec {
  const keras: { -readonly [K in keyof AugmentationParams]: AugmentationParams[K] } = {};
  let dihedral = false;
  for (const word of text.split(',').map((w) => w.trim()).filter((w) => w !== '')) {
    const [name, value, extra] = word.split(':');
    const bad = (why: string): never => {
      throw new FeaturesError('features/bad-option', `--augment '${word}': ${why}`, { hint: `use a comma-separated list of ${AUGMENTATIONS.join(', ')} (e.g. dihedral,shift:0.05,zoom:0.1)` });
    };
    if (extra !== undefined) bad('one value at most');
    const num = (fallback: number, check: (v: number) => boolean, what: string): number => {
      if (value === undefined) return fallback;
      const v = Number(value);
      if (value.trim() === '' || !Number.isFinite(v) || !check(v)) bad(`the value must be ${what}`);
      return v;
    };
    const flag = (): void => {
      if (value !== undefined) bad('takes no value');
    };
    switch (name as AugmentationName) {
      case 'none': flag(); break;
      case 'dihedral': flag(); dihedral = true; break;
      case 'flip': flag(); keras.horizontalFlip = true; keras.verticalFlip = true; break;
      case 'rotate': keras.rotationRange = num(DEFAULTS.rotate, (v) => v > 0 && v <= 180, 'degrees in (0, 180]'); break;
      case 'shift': keras.widthShiftRange = keras.heightShiftRange = num(DEFAULTS.shift, (v) => v > 0 && v < 1, 'a fraction of the size in (0, 1)'); break;
      case 'zoom': keras.zoomRange = num(DEFAULTS.zoom, (v) => v > 0 && v < 1, 'in (0, 1): the zoom factor is drawn from [1 - z, 1 + z]'); break;
      case 'fill':
        if (!(FILL_MODES as readonly string[]).includes(value ?? '')) bad(`fill takes one of ${FILL_MODES.join(', ')}`);
        keras.fillMode = value as FillMode;
        break;
      default: bad('unknown augmentation');
    }
  }
  return { dihedral, keras };
}

/**
 * True when the spec changes images at all (`fill` alone does not).
 *
 * @example
 * ```ts
 * augments(parseAugment('none')); // false
 * ```
 */
export function augments(spec: AugmentSpec): boolean {
  const k = spec.keras;
  return spec.dihedral || !!k.horizontalFlip || !!k.verticalFlip || !!k.rotationRange || !!k.widthShiftRange || !!k.heightShiftRange || k.zoomRange !== undefined;
}

/**
 * The spec as the text `parseAugment` reads back (for progress lines and model metadata).
 *
 * @example
 * ```ts
 * formatAugment(parseAugment('dihedral,shift')); // 'dihedral,shift:0.1'
 * ```
 */
export function formatAugment(spec: AugmentSpec): string {
  const k = spec.keras;
  const words = [
    spec.dihedral ? 'dihedral' : '',
    k.horizontalFlip || k.verticalFlip ? 'flip' : '',
    k.rotationRange ? `rotate:${k.rotationRange}` : '',
    k.widthShiftRange ? `shift:${k.widthShiftRange}` : '',
    typeof k.zoomRange === 'number' ? `zoom:${k.zoomRange}` : '',
    k.fillMode ? `fill:${k.fillMode}` : '',
  ].filter((w) => w !== '');
  return words.length > 0 ? words.join(',') : 'none';
}
