import type { ImageCaptionDataset, ImageCaptionMeta } from '@mmpoison/core-tensor';

/** The metadata of every record, read once (no image is decoded), grouped by class. */
export interface DatasetIndex {
  readonly metas: readonly ImageCaptionMeta[];
  /** Record indices of each class; empty when the dataset has no labels. */
  readonly byLabel: readonly (readonly number[])[];
  readonly classNames: readonly string[] | undefined;
  readonly ids: ReadonlySet<string>;
}

export function indexDataset(dataset: ImageCaptionDataset, attack: string): DatasetIndex {
  if (!Number.isInteger(dataset.size) || dataset.size < 1) {
    throw new RangeError(`${attack}: the dataset is empty (size ${dataset.size})`);
  }
  const classNames = dataset.classNames;
  const byLabel: number[][] = (classNames ?? []).map(() => []);
  const metas: ImageCaptionMeta[] = [];
  const ids = new Set<string>();
  for (let index = 0; index < dataset.size; index++) {
    const meta = dataset.meta(index);
    if (ids.has(meta.id))
      throw new Error(`${attack}: record ${index} repeats the id '${meta.id}'; record ids must be unique`);
    if (meta.captions.length === 0)
      throw new Error(`${attack}: record ${index} ('${meta.id}') has no caption`);
    if (meta.label !== undefined) {
      const group = byLabel[meta.label];
      if (!group) {
        throw new RangeError(
          `${attack}: record ${index} ('${meta.id}') has label ${meta.label}, outside the ${byLabel.length} class names`,
        );
      }
      group.push(index);
    }
    ids.add(meta.id);
    metas.push(meta);
  }
  return { metas, byLabel, classNames, ids };
}

/** Throws unless the dataset carries class labels; `what` says which attack needs them. */
export function requireLabels(index: DatasetIndex, attack: string): readonly string[] {
  if (!index.classNames || index.classNames.length === 0) {
    throw new Error(
      `${attack} needs a labelled dataset (class names and a label per record), but this dataset has no labels`,
    );
  }
  return index.classNames;
}

/** The class index of a name (case-insensitive) or index, with the class names in the error. */
export function resolveClass(
  index: DatasetIndex,
  value: string | number,
  role: string,
  attack: string,
): number {
  const classNames = requireLabels(index, attack);
  const list = () => {
    const shown = classNames.slice(0, 30).join(', ');
    return classNames.length > 30 ? `${shown}, … (${classNames.length} classes)` : shown;
  };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < classNames.length) return value;
    throw new RangeError(
      `${attack}: ${role} class ${value} does not exist; classes are 0–${classNames.length - 1}: ${list()}`,
    );
  }
  const wanted = value.trim().toLowerCase();
  const found = classNames.findIndex((name) => name.toLowerCase() === wanted);
  if (found < 0)
    throw new RangeError(`${attack}: ${role} class '${value}' does not exist; classes: ${list()}`);
  return found;
}

/** The class index named `label`, if the dataset is labelled and has such a class. */
export function findClass(index: DatasetIndex, label: string): number | undefined {
  const wanted = label.trim().toLowerCase();
  const found = index.classNames?.findIndex((name) => name.toLowerCase() === wanted) ?? -1;
  return found < 0 ? undefined : found;
}
