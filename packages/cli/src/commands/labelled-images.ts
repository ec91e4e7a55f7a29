/**
 * What `kenobi evaluate` reads for a model that runs on images (an image model from `kenobi train --arch`, a
 * fine-tuned model from `kenobi finetune`): the labelled rows of `--data`, checked against the model's classes.
 */
import type { Dataset } from '@kenobi/features';
import { LearnError } from '@kenobi/learn';
import type { CommandIo } from '../command.js';
import { readImageData } from './image-data-flags.js';
import { refuseOtherBands, withModelBands } from './predict-bands.js';

/** The bands a model was trained on, for {@link loadLabelledImages}, and where to say how they were read. */
export interface ModelBands {
  readonly bands: readonly string[];
  readonly io: CommandIo;
}

/**
 * The labelled items of `--data` (read with `--bands`, `--id-col`, `--path-col`, `--label-col`, `--where`, and
 * `--labels-file` for a stack); unlabelled
 * rows are left out. `learn/bad-argument` when no row is labelled, `learn/shape-mismatch` when a label is not
 * among `classes`. With `modelBands` and no `--bands`, a catalog holding the model's bands among others (or in
 * another column order) is read with the model's bands in its order, and one lacking a band is a usage error.
 *
 * @example
 * ```ts
 * const data = await loadLabelledImages({ data: 'test/catalog.csv', bands: 'path_g,path_r,path_i' }, ['lens', 'non-lens']);
 * data.items.length; // the labelled rows, in catalog order
 * ```
 */
export async function loadLabelledImages(values: Readonly<Record<string, unknown>>, classes: readonly string[], modelBands?: ModelBands): Promise<Dataset> {
  let all = await readImageData(values, 'evaluate');
  if (modelBands && values['bands'] === undefined) {
    const loaded = await withModelBands(modelBands.bands, all, (bands) => readImageData({ ...values, bands: bands.join(',') }, 'evaluate'));
    if (loaded.note) modelBands.io.stderr.write(`kenobi evaluate: ${loaded.note}\n`);
    all = loaded.dataset;
    refuseOtherBands('evaluate', modelBands.bands, all);
  }
  const items = all.items.filter((it) => it.label !== undefined);
  if (items.length === 0) throw new LearnError('learn/bad-argument', `${all.source} has no labelled images to evaluate on`, { hint: 'name the label column with --label-col (or use kenobi predict for unlabelled images)' });
  const unknown = [...new Set(items.map((it) => it.label!))].filter((l) => !classes.includes(l));
  if (unknown.length > 0) {
    throw new LearnError('learn/shape-mismatch', `the labels of ${all.source} do not match the model's classes: ${unknown.map((l) => `'${l}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among ${classes.join(', ')}`, {
      hint: 'evaluate on data labelled with the classes the model was trained on (--label-col)', details: { unknown, classes },
    });
  }
  return { ...all, items };
}
