/** The learning rate for a step index (0 for the first update). */
export type LearningRateSchedule = (step: number) => number;

function checkStep(step: number, schedule: string): void {
  if (!(Number.isFinite(step) && step >= 0)) {
    throw new Error(`${schedule}: step must be a finite number ≥ 0, got ${step}`);
  }
}

function checkRate(value: number, field: string, schedule: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new Error(`${schedule}: ${field} must be a finite number ≥ 0, got ${value}`);
  }
}

function checkSteps(value: number, field: string, schedule: string): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new Error(`${schedule}: ${field} must be an integer ≥ 0, got ${value}`);
  }
}

/** The same rate at every step. */
export function constantSchedule(learningRate: number): LearningRateSchedule {
  checkRate(learningRate, 'learningRate', 'constantSchedule');
  return (step) => {
    checkStep(step, 'constantSchedule');
    return learningRate;
  };
}

/** Linear warm-up from 0 at step 0 to the peak at `warmupSteps`, then the peak. */
export function linearWarmupSchedule(options: {
  readonly peakLearningRate: number;
  readonly warmupSteps: number;
}): LearningRateSchedule {
  const { peakLearningRate, warmupSteps } = options;
  checkRate(peakLearningRate, 'peakLearningRate', 'linearWarmupSchedule');
  checkSteps(warmupSteps, 'warmupSteps', 'linearWarmupSchedule');
  return (step) => {
    checkStep(step, 'linearWarmupSchedule');
    return step < warmupSteps ? (peakLearningRate * step) / warmupSteps : peakLearningRate;
  };
}

/**
 * Linear warm-up from 0 at step 0 to the peak at `warmupSteps`, then cosine decay (Loshchilov & Hutter
 * 2017, SGDR Eq. 5, one cycle) from the peak to `floorLearningRate` (default 0) at `totalSteps`, and the
 * floor after: lr = floor + ½·(peak − floor)·(1 + cos(π·(step − warmup)/(total − warmup))).
 */
export function warmupCosineSchedule(options: {
  readonly peakLearningRate: number;
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly floorLearningRate?: number;
}): LearningRateSchedule {
  const name = 'warmupCosineSchedule';
  const { peakLearningRate, warmupSteps, totalSteps } = options;
  const floor = options.floorLearningRate ?? 0;
  checkRate(peakLearningRate, 'peakLearningRate', name);
  checkRate(floor, 'floorLearningRate', name);
  checkSteps(warmupSteps, 'warmupSteps', name);
  checkSteps(totalSteps, 'totalSteps', name);
  if (totalSteps <= warmupSteps) {
    throw new Error(`${name}: totalSteps (${totalSteps}) must be greater than warmupSteps (${warmupSteps})`);
  }
  if (floor > peakLearningRate) {
    throw new Error(
      `${name}: floorLearningRate (${floor}) must not exceed peakLearningRate (${peakLearningRate})`,
    );
  }
  return (step) => {
    checkStep(step, name);
    if (step < warmupSteps) {
      return (peakLearningRate * step) / warmupSteps;
    }
    if (step >= totalSteps) {
      return floor;
    }
    const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
    return floor + 0.5 * (peakLearningRate - floor) * (1 + Math.cos(Math.PI * progress));
  };
}
