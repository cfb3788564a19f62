/** The whole vector table: every parser implementation must pass every case. */
import { AGGREGATE_VECTORS } from './aggregates.js';
import { AGREEMENT_VECTORS } from './agreement.js';
import { LINE_VECTORS } from './lines.js';
import { MALFORMED_VECTORS } from './malformed.js';
import { SCALAR_VECTORS } from './scalars.js';
import type { Vector } from './vector.js';

export const VECTORS: readonly Vector[] = [...SCALAR_VECTORS, ...AGGREGATE_VECTORS, ...MALFORMED_VECTORS, ...LINE_VECTORS, ...AGREEMENT_VECTORS];
