/**
 * The four-way comparison behind `gsn compare`: a GSN is converted through every form and back
 * (C1–C5, C2'), all forms are evaluated on the same inputs, and each pair reports its maximum
 * absolute output difference, parameter counts and bounds. A flat random sheaf model exercises C5
 * with a non-trivial gauge; a non-flat one shows the boundary of the claim: it converts to RFF
 * (C2 for sheaves, exact) but not to a GSN (its HolonomyError).
 */
import { createRng, type Real } from '@gsn/tensor';
import { modReluPotential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { HolonomyError } from '@gsn/sheaf';
import { gsnBounds, rffBounds, shfBounds, supBounds, unrolledBounds, type BoundOptions, type ModelBounds } from './bounds';
import { gsnToRff, gsnToShf, gsnToSup, gsnToUnrolled, maxAbsDiff, rffToGsn, shfToRff, supToGsn, unrolledContraction } from './conversions';
import {
  EVALUATION_DEFAULTS,
  evaluateGsn,
  evaluateRff,
  evaluateShf,
  evaluateSup,
  evaluateUnrolled,
  type EvaluationOptions,
  type GsnModel,
  type RffModel,
} from './models';
import { randomShfModel } from './random-models';
import { shfToGsn } from './sheaf-to-gsn';

export interface ComparisonPair {
  readonly from: string;
  readonly to: string;
  readonly conversion: string;
  readonly exact: boolean;
  readonly maxAbsDiff: number;
  readonly parameters: readonly [number, number];
  readonly lipschitz: readonly [number, number];
  readonly covering: readonly [number, number];
}

export interface UnrolledDecay {
  readonly depths: readonly number[];
  readonly errors: readonly number[];
  /** exp(slope) of the least-squares fit of log(error) against K. */
  readonly rate: number;
  /** max_ℓ q_ℓ, the a-priori contraction factor (error ≤ C q^K). */
  readonly qBound: number;
}

export interface ComparisonReport {
  readonly pairs: readonly ComparisonPair[];
  /** Over the exact conversions. */
  readonly maxAbsDiff: number;
  readonly unrolled: UnrolledDecay;
  /** The error C5 raises on a non-flat connection (the boundary of the claim). */
  readonly nonFlat: string;
}

export interface CompareOptions {
  readonly inputs: number;
  readonly seed: number;
  readonly depths: readonly number[];
  readonly evaluation: EvaluationOptions;
  readonly bounds: Partial<BoundOptions>;
}

export const COMPARE_DEFAULTS: Readonly<CompareOptions> = Object.freeze({
  inputs: 3,
  seed: 1,
  depths: Object.freeze([10, 20, 30, 40, 50, 60]),
  evaluation: EVALUATION_DEFAULTS,
  bounds: Object.freeze({}),
});

/** exp of the least-squares slope of log(y) against x. */
export function geometricRate(x: readonly number[], y: readonly number[]): number {
  const ly = y.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - mx) * (ly[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return Math.exp(num / den);
}

function worstOver(inputs: readonly Real[], f: (x: Real) => Float64Array, g: (x: Real) => Float64Array): number {
  return inputs.reduce((worst, x) => Math.max(worst, maxAbsDiff(f(x), g(x))), 0);
}

/** The minimal-class RFF (proximal activations, no linear part) on a GSN's couplings and readout. */
function minimalRff(gsn: GsnModel): RffModel {
  const { network } = gsn;
  return {
    inputNodes: network.inputNodes,
    channels: network.channels,
    layers: network.layers.map((layer) => ({ nodes: layer.graph.nodes, potential: modReluPotential(0.3), scale: 1 })),
    couplings: network.couplings,
    readout: gsn.readout,
  };
}

export function compareForms(gsn: GsnModel, options: Partial<CompareOptions> = {}): ComparisonReport {
  const o = { ...COMPARE_DEFAULTS, ...options };
  const rng = createRng(o.seed);
  const width = 2 * gsn.network.channels;
  const inputs = Array.from({ length: o.inputs }, () => randomState(rng, gsn.network.inputNodes * width));
  const ev = o.evaluation;
  const gsnB = gsnBounds(gsn, o.bounds);
  const pairs: ComparisonPair[] = [];
  const push = (from: string, to: string, conversion: string, exact: boolean, diff: number, a: ModelBounds, z: ModelBounds) =>
    pairs.push({
      from,
      to,
      conversion,
      exact,
      maxAbsDiff: diff,
      parameters: [a.parameters, z.parameters],
      lipschitz: [a.lipschitz, z.lipschitz],
      covering: [a.covering, z.covering],
    });
  const gsnOut = (x: Real) => evaluateGsn(gsn, x, ev);

  const rff = gsnToRff(gsn);
  const rffB = rffBounds(rff, o.bounds);
  push('GSN', 'RFF', 'C2', true, worstOver(inputs, gsnOut, (x) => evaluateRff(rff, x, ev)), gsnB, rffB);
  const back1 = rffToGsn(rff);
  push('RFF', 'GSN', 'C1', true, worstOver(inputs, (x) => evaluateRff(rff, x, ev), (x) => evaluateGsn(back1, x, ev)), rffB, gsnBounds(back1, o.bounds));
  const minimal = minimalRff(gsn);
  const minimalGsn = rffToGsn(minimal);
  push('RFF(minimal)', 'GSN(edgeless)', 'C1', true, worstOver(inputs, (x) => evaluateRff(minimal, x, ev), (x) => evaluateGsn(minimalGsn, x, ev)), rffBounds(minimal, o.bounds), gsnBounds(minimalGsn, o.bounds));

  const sup = gsnToSup(gsn);
  const supB = supBounds(sup, o.bounds);
  push('GSN', 'SUP', 'C3', true, worstOver(inputs, gsnOut, (x) => evaluateSup(sup, x, ev)), gsnB, supB);
  const back3 = supToGsn(sup);
  push('SUP', 'GSN', 'C3', true, worstOver(inputs, (x) => evaluateSup(sup, x, ev), (x) => evaluateGsn(back3, x, ev)), supB, gsnBounds(back3, o.bounds));

  const shf = gsnToShf(gsn);
  const shfB = shfBounds(shf, o.bounds);
  push('GSN', 'SHF', 'C4', true, worstOver(inputs, gsnOut, (x) => evaluateShf(shf, x, ev)), gsnB, shfB);
  const back5 = shfToGsn(shf);
  push('SHF', 'GSN', 'C5', true, worstOver(inputs, (x) => evaluateShf(shf, x, ev), (x) => evaluateGsn(back5.model, back5.liftInput(x), ev)), shfB, gsnBounds(back5.model, o.bounds));

  const flat = randomShfModel(createRng(o.seed + 1), { flat: true, kind: 'unitary', stalk: 2, copies: 1, layers: gsn.network.layers.length });
  const flatInputs = Array.from({ length: o.inputs }, () => randomState(rng, flat.network.inputNodes * 2 * flat.network.channels));
  const flatGsn = shfToGsn(flat);
  push(
    'SHF(flat U(2))',
    'GSN(lifted)',
    'C5',
    true,
    worstOver(flatInputs, (x) => evaluateShf(flat, x, ev), (x) => evaluateGsn(flatGsn.model, flatGsn.liftInput(x), ev)),
    shfBounds(flat, o.bounds),
    gsnBounds(flatGsn.model, o.bounds),
  );

  const errors: number[] = [];
  const exactOutputs = inputs.map(gsnOut);
  let qBound = 0;
  for (const depth of o.depths) {
    const unrolled = gsnToUnrolled(gsn, depth);
    qBound = Math.max(...unrolledContraction(unrolled));
    errors.push(inputs.reduce((w, x, i) => Math.max(w, maxAbsDiff(evaluateUnrolled(unrolled, x), exactOutputs[i])), 0));
  }
  const deepest = gsnToUnrolled(gsn, o.depths[o.depths.length - 1]);
  push('GSN', `unrolled(K=${deepest.depth})`, "C2'", false, errors[errors.length - 1], gsnB, unrolledBounds(deepest, o.bounds));

  const curved = randomShfModel(createRng(o.seed + 2), { flat: false, layers: gsn.network.layers.length });
  const curvedRff = shfToRff(curved);
  push(
    'SHF(non-flat)',
    'RFF',
    'C2',
    true,
    worstOver(flatInputs, (x) => evaluateShf(curved, x, ev), (x) => evaluateRff(curvedRff, x, ev)),
    shfBounds(curved, o.bounds),
    rffBounds(curvedRff, o.bounds),
  );
  let nonFlat = '';
  try {
    shfToGsn(curved);
  } catch (error) {
    if (!(error instanceof HolonomyError)) throw error;
    nonFlat = error.message;
  }
  const exactDiffs = pairs.filter((p) => p.exact).map((p) => p.maxAbsDiff);
  return {
    pairs,
    maxAbsDiff: Math.max(...exactDiffs),
    unrolled: { depths: o.depths, errors, rate: geometricRate([...o.depths], errors), qBound },
    nonFlat,
  };
}
