/**
 * Errors of @kenobi/zoo. Codes: `zoo/unknown-id`, `zoo/checksum`, `zoo/corrupt-cache`, `zoo/offline`,
 * `zoo/not-in-mirror`, `zoo/http`, `zoo/timeout`, `zoo/unsafe-archive`, `zoo/registry`, `zoo/lock-timeout`.
 * Each message names the file, and where it helps its URL, sha256 and what to do.
 */
import { KenobiError } from '@kenobi/core';

/**
 * No model has this id; `suggestions` holds the nearest ids.
 *
 * @example
 * ```ts
 * try { catalog.get('resnet50-v3') } catch (e) { if (e instanceof UnknownModelError) e.suggestions; } // ['resnet50-v2-7', …]
 * ```
 */
export class UnknownModelError extends KenobiError {
  readonly suggestions: readonly string[];
  constructor(id: string, suggestions: readonly string[]) {
    super('zoo/unknown-id', `unknown model id '${id}'`, {
      hint: suggestions.length > 0 ? `did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}? (kenobi models list shows all)` : 'kenobi models list shows all ids',
      details: { id, suggestions },
    });
    this.suggestions = suggestions;
  }
}

/**
 * Downloaded or mirrored bytes do not have the pinned sha256 (nothing was cached).
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/checksum'); // true after a wrong download
 * ```
 */
export class ChecksumError extends KenobiError {
  constructor(what: string, expected: string, actual: string, where: string) {
    super('zoo/checksum', `${what}: sha256 mismatch from ${where}: expected ${expected}, got ${actual}; nothing was cached`, {
      hint: 'the source serves different bytes than the zoo pins; check the mirror file or the URL',
      details: { expected, actual, where },
    });
  }
}

/**
 * A cached file's bytes changed since it was stored: never used silently.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/corrupt-cache'); // e.message says which file and how to clear it
 * ```
 */
export class CorruptCacheError extends KenobiError {
  constructor(what: string, path: string, expected: string, actual: string, hint?: string) {
    super('zoo/corrupt-cache', `${what}: cached file ${path} is corrupt (sha256 ${actual}, expected ${expected})`, {
      hint: hint ?? `delete it (rm '${path}') or run 'kenobi models verify --remove-corrupt', then fetch again`,
      details: { path, expected, actual },
    });
  }
}

/**
 * KENOBI_OFFLINE=1 (or `offline: true`) and the file is in neither the cache nor a mirror.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/offline'); // message names the URL, the sha256 and what to put in KENOBI_MIRROR
 * ```
 */
export class OfflineError extends KenobiError {
  constructor(what: string, file: { name: string; url?: string; sha256: string; size: number }, mirrors: readonly string[]) {
    const where = mirrors.length > 0 ? `the mirror folder(s) ${mirrors.join(', ')}` : 'a folder named by KENOBI_MIRROR';
    super('zoo/offline', `${what}: offline (KENOBI_OFFLINE=1) and ${file.name} (sha256 ${file.sha256}, ${file.size} bytes) is neither cached nor in a mirror${file.url ? `; its URL is ${file.url}` : ''}`, {
      hint: `download it elsewhere${file.url ? ` from ${file.url}` : ''} and put it into ${where} as '${file.name}' or '${file.sha256}'`,
      details: { ...file, mirrors },
    });
  }
}

/**
 * An offline-only file (no public URL) is in no mirror.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/not-in-mirror');
 * ```
 */
export class NotInMirrorError extends KenobiError {
  constructor(what: string, file: { name: string; sha256: string; size: number }, mirrors: readonly string[]) {
    super('zoo/not-in-mirror', `${what}: ${file.name} (sha256 ${file.sha256}, ${file.size} bytes) has no public URL and is in no mirror${mirrors.length ? ` (looked in ${mirrors.join(', ')})` : ' (KENOBI_MIRROR is not set)'}`, {
      hint: `put the file into a folder and set KENOBI_MIRROR to it, named '${file.name}' or '${file.sha256}'`,
      details: { ...file, mirrors },
    });
  }
}

/**
 * The server answered with an HTTP error (after retries where they make sense).
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/http'); // e.details.status === 404
 * ```
 */
export class HttpError extends KenobiError {
  constructor(url: string, status: number, statusText: string, attempts: number) {
    super('zoo/http', `GET ${url} failed: HTTP ${status} ${statusText}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, {
      hint: status === 404 ? 'the file moved or the URL is wrong; get it another way and use KENOBI_MIRROR' : 'try again later, or download it elsewhere and use KENOBI_MIRROR',
      details: { url, status, attempts },
    });
  }
}

/**
 * The server sent nothing for longer than the timeout.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/timeout');
 * ```
 */
export class DownloadTimeoutError extends KenobiError {
  constructor(url: string, timeoutMs: number, receivedBytes: number, attempts: number) {
    super('zoo/timeout', `GET ${url} timed out: no data for ${timeoutMs} ms (received ${receivedBytes} bytes, ${attempts} attempt(s)); the partial file is kept and the next try resumes`, {
      hint: 'check the network, raise the timeout (KENOBI_DOWNLOAD_TIMEOUT_MS), or use KENOBI_MIRROR',
      details: { url, timeoutMs, receivedBytes, attempts },
    });
  }
}

/**
 * A tar member would escape the target folder, is a link, or is too large.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/unsafe-archive'); // e.details.member === '../evil'
 * ```
 */
export class UnsafeArchiveError extends KenobiError {
  constructor(archive: string, member: string, why: string) {
    super('zoo/unsafe-archive', `${archive}: refusing member '${member}': ${why}`, { details: { archive, member, why } });
  }
}

/**
 * The user registry could not be read or an import was refused.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/registry');
 * ```
 */
export class RegistryError extends KenobiError {
  constructor(message: string, hint?: string) {
    super('zoo/registry', message, hint === undefined ? {} : { hint });
  }
}

/**
 * Another process held the download lock for too long.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/lock-timeout');
 * ```
 */
export class LockTimeoutError extends KenobiError {
  constructor(lockPath: string, waitedMs: number) {
    super('zoo/lock-timeout', `waited ${Math.round(waitedMs / 1000)} s for the lock ${lockPath}`, {
      hint: `another kenobi process is fetching the same file; if none is, delete '${lockPath}'`,
      details: { lockPath, waitedMs },
    });
  }
}

/**
 * The connection kept dropping: the partial file is kept and the next call resumes from it.
 *
 * @example
 * ```ts
 * isKenobiError(e, 'zoo/interrupted'); // e.details.received < e.details.size
 * ```
 */
export class DownloadInterruptedError extends KenobiError {
  constructor(url: string, reason: string, received: number, size: number, attempts: number) {
    super('zoo/interrupted', `GET ${url} interrupted: ${reason} (${received} of ${size} bytes kept after ${attempts} attempt(s); the next call resumes from there)`, {
      hint: 'run the same command again to resume, or use KENOBI_MIRROR',
      details: { url, received, size, attempts },
    });
  }
}
