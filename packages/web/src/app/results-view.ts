/**
 * Showing results: probability bars with MC-dropout error bars for one image, a table for many, and the
 * CSV download. The full-precision numbers also go to `#results[data-results]` (JSON) for scripts and tests.
 */
import { classNames } from '../model/model-info.js';
import type { ModelInfo } from '../model/model-info.js';
import { resultsCsv, type ResultRow } from '../inference/results-csv.js';
import { byId, el, formatProbability } from './dom.js';

/**
 * Renders the results of a run (one image: bars; several: a table whose rows call `onSelect`).
 *
 * @example
 * ```ts
 * showResults(rows, info, (k) => showPreview(k));
 * ```
 */
export function showResults(rows: readonly ResultRow[], info: ModelInfo, onSelect: (index: number) => void): void {
  const box = byId('results');
  const count = rows.find((r) => r.result)?.result?.mean.length ?? info.classes.length;
  const classes = classNames(info, count);
  box.dataset.results = JSON.stringify(rows.map((r) => ({ id: r.id, mean: r.result?.mean, std: r.result?.std, samples: r.result?.samples, error: r.error })));
  box.replaceChildren(rows.length === 1 ? bars(rows[0]!, classes) : table(rows, classes, onSelect));
  const download = byId<HTMLButtonElement>('download-csv');
  download.disabled = rows.length === 0;
  download.onclick = () => downloadCsv(resultsCsv(rows, classes));
  box.dataset.state = 'done';
}

function bars(row: ResultRow, classes: readonly string[]): HTMLElement {
  if (!row.result) return el('p', { class: 'error' }, `${row.id}: ${row.error ?? 'no result'}`);
  const { mean, std, samples } = row.result;
  const list = el('div', { class: 'bars' });
  classes.forEach((name, k) => {
    const m = mean[k] ?? 0;
    const s = std[k] ?? 0;
    const fill = el('div', { class: 'bar-fill' });
    fill.style.width = `${(100 * clamp01(m)).toFixed(2)}%`;
    const track = el('div', { class: 'bar-track' }, fill);
    if (samples > 1) {
      const err = el('div', { class: 'bar-error' });
      err.style.left = `${(100 * clamp01(m - s)).toFixed(2)}%`;
      err.style.width = `${(100 * (clamp01(m + s) - clamp01(m - s))).toFixed(2)}%`;
      track.append(err);
    }
    list.append(el('div', { class: 'bar-row' }, el('span', { class: 'bar-label' }, name), track,
      el('span', { class: 'bar-value' }, samples > 1 ? `${formatProbability(m)} ± ${formatProbability(s)}` : formatProbability(m))));
  });
  return el('div', {}, el('h3', {}, row.id), list, el('p', { class: 'note' }, samples > 1 ? `mean ± std over ${samples} MC-dropout samples` : 'one forward pass (the model has no MC-dropout)'));
}

function table(rows: readonly ResultRow[], classes: readonly string[], onSelect: (index: number) => void): HTMLElement {
  const head = el('tr', {}, el('th', {}, 'image'), el('th', {}, 'class'), ...classes.map((c) => el('th', { class: 'num' }, `p(${c})`)));
  const body = rows.map((r, i) => {
    const m = r.result?.mean ?? [];
    const best = m.length ? m.indexOf(Math.max(...m)) : -1;
    const tr = el('tr', { tabindex: '0' }, el('td', {}, r.id), el('td', {}, r.error ? `error: ${r.error}` : classes[best] ?? ''),
      ...classes.map((_, k) => el('td', { class: 'num' }, m[k] === undefined ? '' : (r.result!.samples > 1 ? `${formatProbability(m[k])} ± ${formatProbability(r.result!.std[k] ?? 0)}` : formatProbability(m[k])))));
    tr.addEventListener('click', () => onSelect(i));
    return tr;
  });
  return el('table', { class: 'batch' }, el('thead', {}, head), el('tbody', {}, ...body));
}

function downloadCsv(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = el('a', { href: url, download: 'kenobi-predictions.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
