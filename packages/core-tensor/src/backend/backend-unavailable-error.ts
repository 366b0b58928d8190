/**
 * A backend that was asked for by name could not be loaded or initialised. The message names the npm
 * package to install; the original import or `tf.setBackend` error is kept as `cause`.
 */
export class BackendUnavailableError extends Error {
  /** The backend that was asked for: `node-gpu`, `node`, `wasm` or `cpu`. */
  readonly backend: string;
  /** The npm package that provides it. */
  readonly packageName: string;

  constructor(backend: string, packageName: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The '${backend}' tfjs backend was requested but could not be loaded (${reason}). ` +
        `Install it with \`npm install ${packageName}\`, or choose another backend ` +
        `(option \`backend\` or MMPOISON_BACKEND = auto | node-gpu | node | wasm | cpu).`,
      { cause },
    );
    this.name = 'BackendUnavailableError';
    this.backend = backend;
    this.packageName = packageName;
  }
}
