import { withPointWeights } from '@gsn/moduli';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { fitLoss, LATENT_GRAPH_CONFIG, latentGraphOptimizers, latentGraphProblem, recoverGraph, type LatentGraphConfig } from './latent-graph';

/** A small E4: a 6-node ring, 8 samples. */
const SMALL: LatentGraphConfig = { ...LATENT_GRAPH_CONFIG, nodes: 6, channels: 1, trainSamples: 8, testSamples: 8, epochs: 150 };

describe('latent-graph (SPEC E4)', () => {
  const problem = latentGraphProblem(SMALL);

  it('the data term is zero at the planted ring, and its adjoint gradient in the candidate weights matches finite differences', () => {
    const ring = withPointWeights(problem.start, Float64Array.from(problem.planted, (p) => (p ? 1 : 0)));
    expect(fitLoss(problem, ring, problem.train, false).loss).toBeLessThan(1e-20);
    const { grad } = fitLoss(problem, problem.start, problem.train, true);
    const numeric = finiteDifferenceGradient((w) => fitLoss(problem, withPointWeights(problem.start, w), problem.train, false).loss, Float64Array.from(problem.start.weights), 1e-6);
    expect(maxRelativeError(grad, numeric)).toBeLessThan(1e-6);
  });

  it('the face-crossing optimizers recover the ring (removing edges on the way); softplus keeps every candidate', () => {
    const optimizers = latentGraphOptimizers(SMALL);
    for (const name of ['NG-M1 entropy', 'projected GD (Euclidean)']) {
      const run = recoverGraph(problem, optimizers[name](3), SMALL, 3);
      expect(run.divergedAt).toBeNull();
      expect(run.f1Thresholded).toBe(1);
      expect(run.removed).toBeGreaterThan(0);
      expect(run.objective[run.objective.length - 1]).toBeLessThan(0.05 * run.objective[0]);
    }
    const softplus = recoverGraph(problem, optimizers['softplus baseline'](3), SMALL, 3);
    expect(softplus.removed + softplus.entered).toBe(0);
    expect(Math.min(...softplus.weights)).toBeGreaterThan(0);
    // Support = all 15 pairs against the 6 ring edges: F1 = 2·6 / (15 + 6).
    expect(softplus.f1Support).toBeCloseTo(12 / 21, 12);
  });

  it('a step so large that the solves stop converging ends the run as diverged, with no test error, instead of throwing', () => {
    // The mirror step at η = 100 multiplies some weights by e^{100·|dF|} per epoch (6·10⁷ by epoch 6).
    const run = recoverGraph(problem, latentGraphOptimizers(SMALL)['MD-M1 entropy mirror'](100), { ...SMALL, epochs: 10 }, 100);
    expect(run.divergedAt).not.toBeNull();
    expect(run.objective).toHaveLength(run.divergedAt!);
    expect(run.testMse).toBeNull();
  });
});
