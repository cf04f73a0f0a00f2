import { join } from 'node:path';
import {
  associativityIndex,
  cyclicGroup,
  isGroupIsotope,
  isotopyClassRepresentatives,
  latinSquare,
  symmetricGroup,
} from '@gsn/groups';
import type { FiniteGroup, LatinSquare } from '@gsn/groups';
import type { CompletionOptions } from '@gsn/hypercube';
import {
  closureDiagnostics,
  complementPairs,
  completionAccuracy,
  normAndMisalignment,
  observedPairs,
  regularizer,
  trainCompletion,
  unitarityError,
} from '@gsn/hypercube';
import { lineChartSvg, writeFileAtomic } from '@gsn/plot';
import type { Series } from '@gsn/plot';
import type { Experiment } from './experiment';

/**
 * Paper 000 (SPEC §0.3): (i) symbolic operation completion of Z_n, S_3, S_4 tables from a fraction
 * of observed pairs (test accuracy of argmax T̂ on the unobserved pairs), minimising H subject to the
 * observed entries and to the Latin-square marginals of T̂ (the operation is a quasigroup), with the
 * marginals switched off at 50% as a control; (ii) the constrained
 * minimum of H on the full table of every Latin square of order 4-5 up to isotopy (and S_3):
 * H/3n² = 1 with unitary, closed factors for groups, > 1 for the non-group square.
 */
const SOC_OPTIONS: Partial<CompletionOptions> = { steps: 1500, epsilon: 0.5, learningRate: 0.02 };
// On the full table the Latin-square marginals follow from T̂ = δ; constraining them again only slows the end of training.
const FULL_OPTIONS: Partial<CompletionOptions> = { steps: 2500, epsilon: 0.05, learningRate: 0.02, latinMarginals: false };
const FRACTIONS = [0.3, 0.4, 0.5, 0.6, 0.7];
const SEEDS = [1, 2, 3];

function socRun(l: LatinSquare, fraction: number, options: Partial<CompletionOptions>, seed = 1) {
  const observed = observedPairs(l.order, fraction, seed);
  const { factors, history } = trainCompletion(l, observed, { ...options, seed });
  const n = l.order;
  return {
    fraction,
    observed_pairs: observed.length,
    max_constraint_residual: history[history.length - 1].maxResidual,
    train_accuracy: completionAccuracy(factors, l, observed),
    test_accuracy: completionAccuracy(factors, l, complementPairs(n, observed)),
    h_over_floor: regularizer(factors).h / (3 * n * n),
    unitarity_error: unitarityError(factors),
  };
}

function fullTableRun(name: string, l: LatinSquare, seeds: number[]) {
  const n = l.order;
  const all = observedPairs(n, 1, 1);
  const runs = seeds.map((seed) => {
    const { factors, history } = trainCompletion(l, all, { ...FULL_OPTIONS, seed });
    return { factors, maxResidual: history[history.length - 1].maxResidual, h: regularizer(factors).h };
  });
  const best = runs.reduce((b, r) => (r.h < b.h ? r : b));
  const group = isGroupIsotope(l);
  const closure = group ? closureDiagnostics(best.factors) : undefined;
  return {
    name,
    order: n,
    is_group_isotope: group,
    associativity_index: associativityIndex(l),
    restarts: seeds.length,
    h_over_floor: best.h / (3 * n * n),
    misalignment_over_h: normAndMisalignment(best.factors, l).misalignment / best.h,
    max_fit_residual: best.maxResidual,
    unitarity_error: unitarityError(best.factors),
    closure_error: closure?.closureError ?? null,
    character_error: closure?.characterError ?? null,
  };
}

const table = (g: FiniteGroup) => latinSquare(g.table, g.order);

export const hypercubeExperiment: Experiment = {
  name: 'hypercube',
  summary: 'paper 000: HyperCube completion of Z_n/S_3/S_4 tables and H on all Latin squares of order 4-5',
  async run({ out }) {
    // (i) recovery vs observed fraction
    const sweeps = [
      { name: 'Z7', l: table(cyclicGroup(7)) },
      { name: 'S3', l: table(symmetricGroup(3)) },
    ];
    const recovery: Record<string, unknown>[] = [];
    const recoverySeries: Series[] = [];
    const at50: Record<string, Record<string, unknown>> = {};
    for (const { name, l } of sweeps) {
      const mean: number[] = [];
      const exact: number[] = [];
      for (const fraction of FRACTIONS) {
        // the seed draws both the observed pairs and the initialisation
        const runs = SEEDS.map((seed) => socRun(l, fraction, SOC_OPTIONS, seed));
        const accuracies = runs.map((r) => r.test_accuracy);
        mean.push(accuracies.reduce((s, a) => s + a, 0) / runs.length);
        exact.push(accuracies.filter((a) => a === 1).length / runs.length);
        recovery.push({ group: name, fraction, test_accuracy_per_seed: accuracies, runs });
        if (fraction === 0.5) at50[name] = { group: name, test_accuracy: mean[mean.length - 1], seeds: SEEDS.length, runs };
      }
      recoverySeries.push({ name: `${name} mean test accuracy`, x: FRACTIONS, y: mean });
      recoverySeries.push({ name: `${name} exact-recovery rate`, x: FRACTIONS, y: exact });
    }
    // control: the same runs at 50% with H alone on the unobserved pairs (no marginal constraints)
    const withoutMarginals = Object.fromEntries(
      sweeps.map(({ name, l }) => {
        const accuracies = SEEDS.map((seed) => socRun(l, 0.5, { ...SOC_OPTIONS, latinMarginals: false }, seed).test_accuracy);
        return [name, { test_accuracy: accuracies.reduce((s, a) => s + a, 0) / accuracies.length, test_accuracy_per_seed: accuracies }];
      }),
    );
    at50.Z11 = { group: 'Z11', ...socRun(table(cyclicGroup(11)), 0.5, SOC_OPTIONS) };
    // S4 (n = 24) costs ~n⁵ per step: fewer steps, larger rate.
    at50.S4 = { group: 'S4', ...socRun(table(symmetricGroup(4)), 0.5, { ...SOC_OPTIONS, steps: 300, learningRate: 0.05 }) };

    // (ii) every isotopy class of order 4 and 5, plus S3, on the full table
    const squares = [4, 5].flatMap((n) =>
      isotopyClassRepresentatives(n).map((l, i) => ({ name: `L${n}.${i}${isGroupIsotope(l) ? ' (group)' : ''}`, l })),
    );
    squares.push({ name: 'S3 (group)', l: table(symmetricGroup(3)) });
    const latin = squares.map(({ name, l }) => fullTableRun(name, l, isGroupIsotope(l) ? [1] : [1, 2, 3]));
    const groups = latin.filter((r) => r.is_group_isotope);
    const nonGroups = latin.filter((r) => !r.is_group_isotope);

    writeFileAtomic(
      join(out, 'recovery-vs-fraction.svg'),
      await lineChartSvg({
        title: 'HyperCube completion vs observed fraction (3 seeds)',
        xLabel: 'fraction of table observed',
        yLabel: 'accuracy on unobserved pairs / exact-recovery rate',
        series: recoverySeries,
      }),
    );
    writeFileAtomic(
      join(out, 'h-vs-associativity.svg'),
      await lineChartSvg({
        title: 'min H / 3n² vs associativity of the principal loop (Latin squares, full table)',
        xLabel: 'associativity index',
        yLabel: 'H / 3n²',
        pointsOnly: true,
        series: [
          { name: 'group isotopes', x: groups.map((r) => r.associativity_index), y: groups.map((r) => r.h_over_floor) },
          { name: 'non-group', x: nonGroups.map((r) => r.associativity_index), y: nonGroups.map((r) => r.h_over_floor) },
        ],
      }),
    );
    const testAccuracy = Object.fromEntries(Object.entries(at50).map(([k, r]) => [k, r.test_accuracy as number]));
    const unitarity = Math.max(...groups.map((r) => r.unitarity_error));
    const hGroups = Object.fromEntries(groups.map((r) => [r.name, r.h_over_floor]));
    const hNonGroups = Object.fromEntries(nonGroups.map((r) => [r.name, r.h_over_floor]));
    return {
      test_accuracy: testAccuracy,
      unitarity_error: unitarity,
      h_over_floor: { groups: hGroups, non_groups: hNonGroups },
      goals: {
        test_accuracy_eq_1_at_50: Object.values(testAccuracy).every((a) => a === 1),
        unitarity_error_lt_1e_3: unitarity < 1e-3,
        groups_h_over_floor_le_1_001: groups.every((r) => r.h_over_floor <= 1.001),
        non_groups_h_over_floor_gt_1: nonGroups.every((r) => r.h_over_floor > 1),
      },
      completion_at_50: at50,
      completion_at_50_without_latin_marginals: withoutMarginals,
      recovery,
      latin_squares: latin,
      notes:
        'unitarity_error and h_over_floor are measured on full-table (constrained) runs. Partial-table runs constrain the observed ' +
        'entries and the Latin-square line sums of T̂ (max_constraint_residual is what the step budget leaves of both), so their H ' +
        'approaches 3n² only as the constraints become exact (see completion_at_50); test_accuracy means over 3 seeds for Z7 and S3, ' +
        'one seed for Z11 and S4.',
      plots: ['recovery-vs-fraction.svg', 'h-vs-associativity.svg'],
    };
  },
};
