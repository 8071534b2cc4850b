// Which kind of arguments a tool's n-th call gets, so one tool sees a developer's everyday input,
// the input a malicious server waits for, the schema's edges and the bare minimum, in that order.

import type { InputKind } from '../../src/domain/types.js';

export type { InputKind };

/** The cycle of kinds; the most telling ones come first because call budgets are small. */
export const INPUT_KINDS: readonly InputKind[] = ['realistic', 'sensitive', 'boundary', 'minimal'];

/**
 * The kind of input for a tool's n-th call (0-based): realistic, sensitive, boundary, minimal,
 * then again with new variants.
 */
export function inputKindFor(callIndex: number): InputKind {
  const i = Number.isFinite(callIndex) ? Math.max(0, Math.trunc(callIndex)) : 0;
  return INPUT_KINDS[i % INPUT_KINDS.length] ?? 'realistic';
}

/** The variant for a tool's n-th call: 1 in the first cycle of kinds, 2 in the next, and so on. */
export function inputVariantFor(callIndex: number): number {
  const i = Number.isFinite(callIndex) ? Math.max(0, Math.trunc(callIndex)) : 0;
  return Math.floor(i / INPUT_KINDS.length) + 1;
}
