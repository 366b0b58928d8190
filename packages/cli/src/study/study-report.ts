import type { RateAtK } from '@mmpoison/metrics';
import type { ModelEvaluation, StudyResults } from './study-results.js';

function number(value: number | undefined, digits = 3): string {
  if (value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function difference(clean: number | undefined, poisoned: number | undefined): string {
  if (clean === undefined || poisoned === undefined) return '–';
  const delta = poisoned - clean;
  if (!Number.isFinite(delta)) return String(delta);
  return `${delta >= 0 ? '+' : ''}${Number.isInteger(delta) ? delta : delta.toFixed(3)}`;
}

type Row = readonly [string, number | undefined, number | undefined];

/** One row per cut-off K; `label` receives K. */
function rateRows(
  label: (k: number) => string,
  clean: RateAtK | undefined,
  poisoned: RateAtK | undefined,
): Row[] {
  const ks = Object.keys(clean ?? poisoned ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  return ks.map((k) => [label(k), clean?.[k], poisoned?.[k]] as const);
}

function comparisonRows(clean: ModelEvaluation, poisoned: ModelEvaluation): Row[] {
  const rows: Row[] = [];
  for (const [index, goal] of (poisoned.goals ?? []).entries()) {
    const cleanGoal = clean.goals?.[index];
    rows.push(
      ...rateRows((k) => `${goal.name} text→image Hit@${k}`, cleanGoal?.attack.hitAtK, goal.attack.hitAtK),
    );
    rows.push([`${goal.name} MinRank mean`, cleanGoal?.attack.minRank.mean, goal.attack.minRank.mean]);
    rows.push([`${goal.name} MinRank median`, cleanGoal?.attack.minRank.median, goal.attack.minRank.median]);
    rows.push(
      ...rateRows(
        (k) => `${goal.name} random-query baseline Hit@${k}`,
        cleanGoal?.baseline.hitAtK,
        goal.baseline.hitAtK,
      ),
    );
    rows.push([
      `${goal.name} random-query baseline MinRank mean`,
      cleanGoal?.baseline.minRank.mean,
      goal.baseline.minRank.mean,
    ]);
  }
  const backdoor = poisoned.backdoor;
  if (backdoor) {
    rows.push(
      ...rateRows(
        (k) => `attack success rate → ${backdoor.target}, top-${k}`,
        clean.backdoor?.attackSuccessRate,
        backdoor.attackSuccessRate,
      ),
    );
    rows.push(
      ...rateRows(
        (k) => `${backdoor.target} predicted on untriggered images, top-${k}`,
        clean.backdoor?.cleanTargetRate,
        backdoor.cleanTargetRate,
      ),
    );
  }
  rows.push(
    ...rateRows(
      (k) => `utility Recall@${k} text→image`,
      clean.recall.textToImage,
      poisoned.recall.textToImage,
    ),
  );
  rows.push(
    ...rateRows(
      (k) => `utility Recall@${k} image→text`,
      clean.recall.imageToText,
      poisoned.recall.imageToText,
    ),
  );
  if (clean.zeroShotAccuracy || poisoned.zeroShotAccuracy) {
    rows.push(
      ...rateRows((k) => `zero-shot accuracy, top-${k}`, clean.zeroShotAccuracy, poisoned.zeroShotAccuracy),
    );
  }
  rows.push([
    "last epoch's mean training loss",
    clean.training.epochMeanLosses.at(-1),
    poisoned.training.epochMeanLosses.at(-1),
  ]);
  return rows;
}

/** A readable Markdown report of a study: what ran, and a clean-versus-poisoned table of every metric. */
export function formatStudyReport(results: StudyResults): string {
  const { poisoning, models, config } = results;
  const goals = poisoning.goals.map((goal) => goal.name).join(', ');
  const lines = [
    `# Study: ${results.name}`,
    '',
    `Attack **${poisoning.attack}** (${goals}): ${poisoning.counts.poisons} poisons in a training set of ` +
      `${poisoning.counts.total} (rate φ = ${number(poisoning.rate, 4)}, mode ${poisoning.mode}` +
      `${poisoning.trigger ? `, trigger ${poisoning.trigger.name}` : ''}).`,
    '',
    `- data: ${config.data.kind}, ${results.data.train} training records, ${results.data.test} test images ` +
      `with ${results.data.testCaptions} captions${results.data.classes ? `, ${results.data.classes.length} classes` : ''}`,
    `- model: ${config.model.from === 'scratch' ? `${config.model.config} trained from scratch` : `fine-tuned from ${config.model.checkpoint}`}; ` +
      `${config.training.epochs} epochs of batch ${config.training.batchSize}, lr ${config.training.learningRate}, ` +
      `${models.clean.training.steps} steps (clean) / ${models.poisoned.training.steps} (poisoned)`,
    `- seed ${results.seed}; backend ${results.backend.name}; ${results.machine.cpus} CPUs, load average ` +
      `${results.machine.loadAverage.map((value) => value.toFixed(2)).join(' ')} at the start`,
    `- time: ${Object.entries(results.timings)
      .map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`)
      .join(', ')}`,
    '',
    '| metric | clean model | poisoned model | difference |',
    '| --- | ---: | ---: | ---: |',
    ...comparisonRows(models.clean, models.poisoned).map(
      ([label, clean, poisoned]) =>
        `| ${label} | ${number(clean)} | ${number(poisoned)} | ${difference(clean, poisoned)} |`,
    ),
    '',
    `Cosine distance between the clean and the poisoned model (1 − cos, same test inputs): images ` +
      `mean ${number(results.cosineDistance.images.mean)} (median ${number(results.cosineDistance.images.median)}), ` +
      `captions mean ${number(results.cosineDistance.captions.mean)} (median ${number(results.cosineDistance.captions.median)}).`,
    '',
    'Ranks are 1-based. Hit@K: fraction of queries with a target among the top K. Goal queries are the ' +
      'test captions of the source class, targets the test images of the target class; the baseline draws ' +
      'as many random test captions of other classes.',
    '',
  ];
  return lines.join('\n');
}
