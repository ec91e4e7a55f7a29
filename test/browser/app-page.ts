/**
 * What the browser tests read from the web app's page: the results table the app writes into `#results`, and
 * whether it shows an error.
 */
import { expect } from 'chai';
import type { WatchedPage } from './browser-harness.js';

/** One image's row of the app's results (`#results[data-results]`). */
export interface PageResult { id: string; mean: number[]; std: number[]; samples: number; error?: string }

/** Waits until the app has scored every image, and returns its rows. */
export async function pageResults(page: WatchedPage['page']): Promise<PageResult[]> {
  await page.waitForSelector('#results[data-state="done"]', { timeout: 120_000 });
  return JSON.parse((await page.getAttribute('#results', 'data-results'))!) as PageResult[];
}

/** Fails the test when the page shows its error box. */
export async function expectNoPageError(page: WatchedPage['page']): Promise<void> {
  const error = await page.$eval('#error', (e) => ((e as HTMLElement).hidden ? '' : e.textContent));
  expect(error, 'the page shows an error').to.equal('');
}

/** The largest absolute difference of two equally long score lists. */
export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).to.equal(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}
