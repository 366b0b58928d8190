/**
 * A study config that does not validate. The message names the field by its path from the top of
 * the config and says what was expected: `training.batchSize: expected a positive integer, got -3`.
 */
export class StudyConfigError extends Error {
  override readonly name = 'StudyConfigError';

  constructor(
    /** Dotted path of the bad field, e.g. `attack.poisons.rate` or `evaluation.ks[2]`. */
    readonly path: string,
    /** What was wrong, e.g. `expected a positive integer, got -3`. */
    readonly problem: string,
    /** The config file, when the config came from one. */
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}${path === '' ? '(top level)' : path}: ${problem}`);
  }
}
