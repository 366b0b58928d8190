import { type EmbeddingMatrix, selectRows } from '@mmpoison/core-tensor';

/** The rows of `m` for which `keep(row)` holds, in order. */
export function selectRowsWhere(m: EmbeddingMatrix, keep: (row: number) => boolean): EmbeddingMatrix {
  const rows: number[] = [];
  for (let row = 0; row < m.rows; row++) if (keep(row)) rows.push(row);
  return rows.length === m.rows ? m : selectRows(m, rows);
}
