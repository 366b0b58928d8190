/**
 * Area under the ROC curve of `scores` (higher = more likely positive) against `positive` flags:
 * the probability that a random positive scores above a random negative, a tie counting one half
 * (Mann–Whitney U with mid-ranks). NaN when either class is empty, where the area is undefined.
 */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  if (scores.length !== positive.length) {
    throw new RangeError(
      `auroc: ${scores.length} scores but ${positive.length} positive flags; they must pair up`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) throw new RangeError(`auroc: score ${i} is NaN`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Tied scores share the mean of their 1-based ranks start+1 … end+1.
    const midRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) {
      if (positive[order[i]!]) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
