/** A record left out of a dataset, and why (missing file, truncated image, not an image, …). */
export interface SkippedRecord {
  /** The image file (or tar member, `shard.tar#key.jpg`) that was at fault. */
  readonly path: string;
  readonly reason: string;
  /** The record's id, when the record got far enough to have one. */
  readonly id?: string;
}

/** What opening (or streaming) a dataset found: how many records were checked, kept and skipped. */
export interface DatasetReport {
  /** Records looked at. */
  readonly checked: number;
  /** Records in the dataset. */
  readonly kept: number;
  /** Records left out, in the order they were found. */
  readonly skipped: readonly SkippedRecord[];
}
