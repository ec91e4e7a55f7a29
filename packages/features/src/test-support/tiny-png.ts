/** Test support: writes a 4×4 grey PNG. */
import { writeFileSync } from 'node:fs';
import { encodePng } from '@kenobi/imaging';

/** Writes a small PNG to `path`. */
export function writeTinyPng(path: string): void {
  writeFileSync(path, encodePng({ width: 4, height: 4, channels: 1, data: Uint8Array.from({ length: 16 }, (_, i) => i * 16) }));
}
