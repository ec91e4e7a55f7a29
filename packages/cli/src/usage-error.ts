import { KenobiError } from '@kenobi/core';

/**
 * A command line that does not parse: unknown option, missing value, wrong number of arguments. The CLI
 * prints it on one line with a pointer to `--help` and exits with code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('kenobi cut: --at is required');
 * ```
 */
export class UsageError extends KenobiError {
  constructor(message: string) {
    super('cli/usage', message);
  }
}
