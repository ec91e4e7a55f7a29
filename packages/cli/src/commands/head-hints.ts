/**
 * What a `.kenobi` head's metadata says about how it was trained (feature tensor, pooling, classes, task,
 * image stretch), read leniently because heads come from `kenobi train`, the demo or a user's script.
 */
import type { ExportTask, ImageStretch } from '@kenobi/learn';

/**
 * The export defaults a head's metadata gives.
 *
 * @example
 * ```ts
 * headHints({ classes: ['non-lens', 'lens'], features: { tensor: 'avg_pool', pool: 'none' } });
 * // { classes: ['non-lens', 'lens'], tensor: 'avg_pool', pool: 'none' }
 * ```
 */
export interface HeadHints {
  readonly classes?: readonly string[];
  readonly tensor?: string;
  readonly pool?: string;
  readonly task?: ExportTask;
  readonly image?: ImageStretch;
  /** The backbone the features came from (zoo id, else path), as `kenobi train` records it. */
  readonly model?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Reads {@link HeadHints} from `metadata` (keys `classes`/`classNames`, `tensor`/`layer`, `pool`, `task`/`loss`,
 * `interval`/`stretch`/`bandOrder`, at the top level or under `features`/`featureStore`/`extract`).
 *
 * @example
 * ```ts
 * headHints({ loss: 'mse' }).task; // 'regression'
 * ```
 */
export function headHints(metadata: Readonly<Record<string, unknown>>): HeadHints {
  const places = [metadata, obj(metadata.features), obj(metadata.featureStore), obj(metadata.extract), obj(obj(metadata.features).preprocessing), obj(metadata.preprocessing)];
  const pick = (...keys: string[]): unknown => {
    for (const p of places) for (const k of keys) if (p[k] !== undefined) return p[k];
    return undefined;
  };
  const classes = pick('classes', 'classNames');
  const loss = str(pick('loss'));
  const task = str(pick('task'));
  const bandOrder = pick('bandOrder');
  const image: ImageStretch = {
    ...(str(pick('interval')) ? { interval: str(pick('interval'))! } : {}),
    ...(str(pick('stretch')) ? { stretch: str(pick('stretch'))! } : {}),
    ...(Array.isArray(bandOrder) ? { bandOrder: bandOrder as (string | number)[] } : {}),
  };
  const model = obj(obj(metadata.features).model);
  const modelRef = str(model.id) ?? str(model.path);
  return {
    ...(modelRef ? { model: modelRef } : {}),
    ...(Array.isArray(classes) && classes.every((c) => typeof c === 'string') ? { classes: classes as string[] } : {}),
    ...(str(pick('tensor', 'layer')) ? { tensor: str(pick('tensor', 'layer'))! } : {}),
    ...(str(pick('pool', 'pooling')) ? { pool: str(pick('pool', 'pooling'))! } : {}),
    ...(task === 'regression' || task === 'classification' ? { task } : loss && /mse|mae|huber|squared|absolute/i.test(loss) ? { task: 'regression' as const } : {}),
    ...(Object.keys(image).length > 0 ? { image } : {}),
  };
}
