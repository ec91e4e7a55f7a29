import { ImagingError } from '../imaging-error.js';
import { splitSpec } from '../interval/interval-spec.js';
import { asinhStretch } from './asinh-stretch.js';
import { linearStretch } from './linear-stretch.js';
import { logStretch } from './log-stretch.js';
import { powerStretch } from './power-stretch.js';
import { sinhStretch } from './sinh-stretch.js';
import { sqrtStretch } from './sqrt-stretch.js';
import type { Stretch } from './stretch.js';

/**
 * The stretch names {@link parseStretch} knows.
 *
 * @example
 * ```ts
 * STRETCH_NAMES.includes('asinh'); // true
 * ```
 */
export const STRETCH_NAMES = Object.freeze(['linear', 'sqrt', 'power', 'log', 'asinh', 'sinh'] as const);

/** One of {@link STRETCH_NAMES}. @example `const n: StretchName = 'log';` */
export type StretchName = (typeof STRETCH_NAMES)[number];

/**
 * A stretch from a short text, as the CLI takes it: `linear`, `sqrt`, `power:2`, `log` (a = 1000),
 * `log:100`, `asinh` (a = 0.1), `asinh:0.05`, `sinh` (a = 1/3), `sinh:0.5`. Defaults are astropy's.
 *
 * @example
 * ```ts
 * parseStretch('asinh').kind;    // 'asinh:0.1'
 * parseStretch('power:2').map(0.5); // 0.25
 * ```
 */
export function parseStretch(spec: string): Stretch {
  const [name, arg] = splitSpec(spec);
  const a = arg === undefined ? undefined : Number(arg);
  if (a !== undefined && !Number.isFinite(a)) throw bad(spec);
  switch (name) {
    case 'linear':
      return a === undefined ? linearStretch() : linearStretch(a);
    case 'sqrt':
      return sqrtStretch();
    case 'power':
      if (a === undefined) throw bad(spec);
      return powerStretch(a);
    case 'log':
      return logStretch(a);
    case 'asinh':
      return asinhStretch(a);
    case 'sinh':
      return sinhStretch(a);
    default:
      throw bad(spec);
  }
}

function bad(spec: string): ImagingError {
  return new ImagingError('imaging/invalid-argument', `cannot read stretch '${spec}'`, {
    hint: `use one of ${STRETCH_NAMES.join(', ')}, with a parameter as in log:1000 or power:2`,
  });
}
