/** Loads packages/cluster/fixtures/sklearn-cluster.json (made by scripts/fixtures/cluster/make_sklearn_cluster.py). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matrix, type Matrix } from '../matrix.js';

const here = dirname(fileURLToPath(import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
/** The parsed fixture (shapes documented in the generating script). */
export const fixture: any = JSON.parse(readFileSync(resolve(here, '../../fixtures/sklearn-cluster.json'), 'utf8'));

/** A float32 matrix from fixture values. */
export function fixtureMatrix(values: number[], rows: number, cols: number): Matrix<Float32Array> {
  return matrix(Float32Array.from(values), rows, cols);
}

/** Largest absolute difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
}
