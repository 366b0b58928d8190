import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mmpoison/core-tensor';
import { formatStudyReport } from './study-report.js';
import type { StudyResults } from './study-results.js';

/** The files a study writes into its output folder. */
export const studyOutputFiles = { results: 'results.json', report: 'report.md' } as const;

/** JSON with NaN and ±Infinity as strings (JSON has no such numbers) and typed arrays as lists. */
function toJson(results: StudyResults): string {
  return JSON.stringify(
    results,
    (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as Float32Array);
      return value;
    },
    2,
  );
}

/**
 * Writes `results.json` and `report.md` into `folder` (created if missing), each atomically (a
 * temporary file renamed into place), so a reader never sees a half-written file. Returns the paths.
 */
export async function writeStudyOutput(
  folder: string,
  results: StudyResults,
): Promise<{ readonly results: string; readonly report: string }> {
  await mkdir(folder, { recursive: true });
  const paths = {
    results: join(folder, studyOutputFiles.results),
    report: join(folder, studyOutputFiles.report),
  };
  await writeFileAtomic(paths.results, `${toJson(results)}\n`);
  await writeFileAtomic(paths.report, formatStudyReport(results));
  return paths;
}
