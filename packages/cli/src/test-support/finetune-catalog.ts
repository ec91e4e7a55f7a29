/**
 * Test support: a tiny labelled PNG catalog for the `kenobi finetune` tests (and those of what reads its
 * `.kenobi` files): 40 PNGs 20×20 of two classes, the 'red' ones brighter in R, with columns objid, file, klass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { encodePng } from '@kenobi/imaging';

/**
 * Writes the images and `cat.csv` under `dir`; returns the catalog's path.
 *
 * @example
 * ```ts
 * const catalog = writeFinetuneCatalog(join(tmp, 'data')); // '<tmp>/data/cat.csv'
 * ```
 */
export function writeFinetuneCatalog(dir: string): string {
  const rng = new SeededRandom(2);
  mkdirSync(join(dir, 'img'), { recursive: true });
  const lines = ['objid,file,klass'];
  for (let i = 0; i < 40; i++) {
    const c = i % 2;
    const data = Uint8Array.from({ length: 20 * 20 * 3 }, (_, k) => Math.min(255, rng.int(200) + (c && k % 3 === 0 ? 55 : 0)));
    writeFileSync(join(dir, `img/${i}.png`), encodePng({ width: 20, height: 20, channels: 3, data }));
    lines.push(`${1000 + i},img/${i}.png,${c ? 'red' : 'plain'}`);
  }
  writeFileSync(join(dir, 'cat.csv'), `${lines.join('\n')}\n`);
  return join(dir, 'cat.csv');
}

/** The flags that read {@link writeFinetuneCatalog}'s catalog. @example `cli('finetune', '--data', catalog, ...FINETUNE_CATALOG_COLUMNS)` */
export const FINETUNE_CATALOG_COLUMNS = Object.freeze(['--id-col', 'objid', '--path-col', 'file', '--label-col', 'klass'] as const);
