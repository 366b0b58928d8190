import type { PoisonBudget, PoisonMode } from './poison-manifest.js';

/** A budget as text for messages: "rate 0.01" or "count 25". */
export function describeBudget(budget: PoisonBudget): string {
  return 'rate' in budget ? `rate ${budget.rate}` : `count ${budget.count}`;
}

/**
 * Poisons per goal for a budget. With a rate φ, D is the FINAL training set (methods.md): in `add`
 * mode, |P_goal| = φ·|D| and |D| = N + goals·|P_goal|, so |P_goal| = φ·N / (1 − goals·φ); in
 * `replace` mode |D| = N. Rounded to the nearest integer; a budget that gives no poison is an error.
 */
export function poisonsPerGoal(
  budget: PoisonBudget,
  cleanSize: number,
  goals: number,
  mode: PoisonMode,
  attack: string,
): number {
  if ('count' in budget) {
    if (!Number.isInteger(budget.count) || budget.count < 1) {
      throw new RangeError(`${attack}: the poison count must be a positive integer, got ${budget.count}`);
    }
    return budget.count;
  }
  const rate = budget.rate;
  if (!(rate > 0 && rate < 1))
    throw new RangeError(`${attack}: the poisoning rate must be in (0, 1), got ${rate}`);
  if (mode === 'add' && goals * rate >= 1) {
    throw new RangeError(
      `${attack}: ${goals} goal(s) at rate ${rate} each would need all of the training set to be poisons`,
    );
  }
  const exact = mode === 'add' ? (rate * cleanSize) / (1 - goals * rate) : rate * cleanSize;
  const count = Math.round(exact);
  if (count < 1) {
    throw new RangeError(
      `${attack}: rate ${rate} of a ${cleanSize}-record dataset gives ${exact.toFixed(3)} poisons, which rounds to 0; raise the rate or give a count`,
    );
  }
  return count;
}
