/**
 * One tensor of a checkpoint as the CLIP loader sees it: its shape in OpenAI's state-dict layout,
 * its values on demand (decoded to float32 only when the model is built), and the name or names it
 * has in the file, for error messages.
 */
export interface ClipCheckpointEntry {
  readonly shape: readonly number[];
  /** The name(s) in the file this tensor came from. */
  readonly source: string;
  read(): Float32Array;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
