/**
 * Node-only. Stream-extracts a `.tar.gz` (zoo archives: model + test_data_set_*) refusing members that could
 * escape the target folder or fill the disk: absolute paths, `..` components, symlinks/hard links/devices,
 * members above `maxMemberBytes`, or a total above `maxTotalBytes`. Extraction goes into a temporary folder
 * renamed into place only when the whole archive passed, so a refused archive leaves nothing behind.
 *
 * NOTE: tar-stream (well kept, streaming, no filesystem side effects of its own) does the parsing; the
 * policy is ours because node-tar's defaults strip and warn rather than refuse.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { UnsafeArchiveError } from '../zoo-errors.js';

/**
 * Limits for extraction.
 *
 * @example
 * ```ts
 * const limits: ExtractLimits = { maxMemberBytes: 2 ** 30, maxTotalBytes: 4 * 2 ** 30, maxMembers: 10_000 };
 * ```
 */
export interface ExtractLimits {
  readonly maxMemberBytes?: number;
  readonly maxTotalBytes?: number;
  readonly maxMembers?: number;
}

/**
 * Why a member name is unsafe, or undefined when it is fine.
 *
 * @example
 * ```ts
 * unsafeMemberName('../evil');       // 'its path climbs out with ..'
 * unsafeMemberName('/etc/passwd');   // 'its path is absolute'
 * unsafeMemberName('mnist/model.onnx'); // undefined
 * ```
 */
export function unsafeMemberName(name: string): string | undefined {
  if (name.includes('\0')) return 'its path holds a NUL byte';
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || isAbsolute(name)) return 'its path is absolute';
  const parts = name.replace(/\\/g, '/').split('/');
  if (parts.includes('..')) return 'its path climbs out with ..';
  return undefined;
}

/**
 * Extracts `archivePath` into `destDir` (created; must not exist yet). Returns the extracted files' relative
 * paths. Throws UnsafeArchiveError and leaves `destDir` absent when any member is refused.
 *
 * @example
 * ```ts
 * const files = await extractTarGzSafely('/cache/blobs/2f47….tar.gz', '/cache/extracted/2f47…');
 * files; // ['mnist/model.onnx', 'mnist/test_data_set_0/input_0.pb', …]
 * ```
 */
export async function extractTarGzSafely(archivePath: string, destDir: string, limits: ExtractLimits = {}): Promise<string[]> {
  const maxMember = limits.maxMemberBytes ?? 4 * 2 ** 30;
  const maxTotal = limits.maxTotalBytes ?? 8 * 2 ** 30;
  const maxMembers = limits.maxMembers ?? 100_000;
  const label = archivePath.split(sep).pop() ?? archivePath;
  const tmp = `${resolve(destDir)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await mkdir(tmp, { recursive: true });
  const files: string[] = [];
  let total = 0;
  let refused: UnsafeArchiveError | undefined;
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    const fail = (why: string): void => { refused ??= new UnsafeArchiveError(label, header.name, why); stream.resume(); extract.destroy(refused); };
    stream.on('error', () => {}); // NOTE: destroying the extractor errors the open entry stream too; the pipeline reports it
    const name = header.name;
    const why = unsafeMemberName(name);
    if (why) return fail(why);
    if (files.length >= maxMembers) return fail(`more than ${maxMembers} members`);
    if (header.type === 'directory') {
      mkdir(join(tmp, name), { recursive: true }).then(() => { stream.resume(); stream.on('end', () => next()); }, next);
      return;
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') return fail(`it is a ${header.type}${header.linkname ? ` to '${header.linkname}'` : ''}; links and special files are not extracted`);
    const size = header.size ?? 0;
    if (size > maxMember) return fail(`it is ${size} bytes, above the limit of ${maxMember}`);
    total += size;
    if (total > maxTotal) return fail(`the archive unpacks to more than ${maxTotal} bytes`);
    const target = resolve(tmp, posix.normalize(name));
    if (!target.startsWith(tmp + sep)) return fail('its path leaves the target folder');
    files.push(posix.normalize(name));
    mkdir(dirname(target), { recursive: true })
      .then(() => pipeline(stream, createWriteStream(target, { flags: 'wx' })))
      .then(() => next(), next);
  });
  try {
    await pipeline(createReadStream(archivePath), createGunzip(), extract);
    await mkdir(dirname(resolve(destDir)), { recursive: true });
    await rename(tmp, destDir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw refused ?? e;
  }
  return files;
}
