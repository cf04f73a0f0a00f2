import * as tf from '@tensorflow/tfjs';
import { hardGaugeFix, normBalancingPenalty, type PenaltyLayer } from '@gsn/gauge';
import { weightedGraph } from '@gsn/graph';
import { mlp, type Model, type GraphInputs, type Params } from '@gsn/nn';
import { cubicNlsPotential, reluPotential, zeroPotential } from '@gsn/stationary';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { balancePenalty, gaugeUnits, normBalancingPenaltyTf, unitImbalances } from './balance-penalty';
import { crossEntropyTargets, maskedCrossEntropy } from './loss';
import { stationaryNetwork } from './stationary-network';
import { ringTask } from './testing';
import { trainSplit } from './train-split';

beforeAll(() => useBackend('cpu'));

const n = 40;
const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });

/** Gauge's typed-array layers (in-out layout) of the tensors `names` (a plain chain). */
function chainLayers(params: Params, names: readonly string[]): PenaltyLayer[] {
  return names.map((name) => {
    const w = params[`${name}.weight`];
    return { weights: [w.dataSync() as Float32Array], biases: [params[`${name}.bias`].dataSync() as Float32Array], fanIn: w.shape[0]!, fanOut: w.shape[1]! };
  });
}

/** Plain gradient descent on the masked cross-entropy (+ penalty) of the ring task, dropout on. */
function train(model: Model<GraphInputs>, steps: number, lr: number, penalty?: (p: Params) => tf.Scalar): Params {
  const { task, split } = ringTask();
  const targets = crossEntropyTargets(task.labels, task.dims.classes, split.train);
  const rng = createRng(5);
  let params = model.init(createRng(4), task.dims);
  const names = Object.keys(params).sort();
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => {
      const { grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
        const p = Object.fromEntries(names.map((k, i) => [k, ts[i]]));
        const loss = maskedCrossEntropy(model.apply(p, task.inputs, { training: true, rng }), targets);
        return penalty ? tf.add(loss, penalty(p)) : loss;
      })(names.map((k) => params[k]));
      return Object.fromEntries(names.map((k, i) => [k, tf.sub(params[k], tf.mul(lr, grads[i]))]));
    });
    Object.values(params).forEach((t) => t.dispose());
    params = next;
  }
  targets.dispose();
  return params;
}

const logitsOf = (model: Model<GraphInputs>, params: Params): Float32Array =>
  tf.tidy(() => model.apply(params, ringTask().task.inputs, { training: false, rng: createRng(0) }).dataSync() as Float32Array);

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let scale = 1e-30;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / scale;
};

describe('norm-balancing penalty Ω_λ in the training loss (SPEC 003 §3.2)', () => {
  it('G4: value and tfjs gradient equal gauge’s normBalancingPenalty (stationary chain input → mix1 → readout, and mlp)', () => {
    const { task } = ringTask();
    for (const [model, kind, names] of [
      [stationaryNetwork(ring, { layers: 2, channels: 3, skip: false }), 'stationary', ['input', 'mix1', 'readout']],
      [mlp(), 'mlp', ['lin1', 'lin2']],
    ] as const) {
      const params: Record<string, tf.Tensor> = { ...model.init(createRng(7), task.dims) };
      // Nonzero hidden biases so that their part of w_in is tested.
      for (const name of names.slice(0, -1)) params[`${name}.bias`] = tf.randomUniform(params[`${name}.bias`].shape, -0.5, 0.5, 'float32', 3);
      const ref = normBalancingPenalty(chainLayers(params, names), 0.3, { layout: 'in-out' });
      // The output bias is gauge-invariant (no part of Ω): only weights and hidden biases.
      const keys = [...names.map((name) => `${name}.weight`), ...names.slice(0, -1).map((name) => `${name}.bias`)];
      const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) =>
        normBalancingPenaltyTf(gaugeUnits(kind, { ...params, ...Object.fromEntries(keys.map((k, i) => [k, ts[i]])) }), 0.3),
      )(keys.map((k) => params[k]));
      expect(Math.abs(value.dataSync()[0] - ref.value)).toBeLessThan(1e-5 * Math.max(1, ref.value));
      expect(maxRel(unitImbalances(gaugeUnits(kind, params)), ref.imbalance)).toBeLessThan(1e-5);
      names.forEach((_, l) => {
        expect(maxRel(grads[l].dataSync(), ref.weightGrads[l][0])).toBeLessThan(1e-4);
        if (l + 1 < names.length) expect(maxRel(grads[names.length + l].dataSync(), ref.biasGrads[l][0])).toBeLessThan(1e-4);
      });
    }
  });

  it('G4 with the skip readout (L = 1): readout rows [0, 2c) and [2c, 4c) are two out-parts of the same units', () => {
    const { task } = ringTask();
    const params = stationaryNetwork(ring, { layers: 1, channels: 2, skip: true }).init(createRng(8), task.dims);
    const r = params['readout.weight'].dataSync() as Float32Array;
    const w = 4;
    const input = params['input.weight'];
    const ref = normBalancingPenalty(
      [
        { weights: [input.dataSync() as Float32Array], biases: [params['input.bias'].dataSync() as Float32Array], fanIn: input.shape[0], fanOut: w },
        { weights: [r.subarray(0, w * 3), r.subarray(w * 3)], fanIn: w, fanOut: 3 },
      ],
      2,
      { layout: 'in-out' },
    );
    expect(tf.tidy(() => normBalancingPenaltyTf(gaugeUnits('stationary', params), 2).dataSync()[0])).toBeCloseTo(ref.value, 5);
  });

  it('with the penalty the imbalance decays during training; without it, it does not', () => {
    const model = mlp();
    const initial = model.init(createRng(4), ringTask().task.dims);
    const norm = (p: Params) => Math.hypot(...unitImbalances(gaugeUnits('mlp', p)));
    const start = norm(initial);
    const free = train(model, 50, 0.2);
    const balanced = train(model, 50, 0.2, balancePenalty('mlp', 6));
    expect(norm(balanced)).toBeLessThan(0.2 * start);
    expect(norm(balanced)).toBeLessThan(0.2 * norm(free));
    for (const p of [initial, free, balanced]) Object.values(p).forEach((t) => t.dispose());
  });

  it('a hard gauge fix (gauge’s hardGaugeFix) of a trained model leaves its function unchanged (float32 noise)', () => {
    for (const [model, names] of [
      [mlp(), ['lin1', 'lin2']],
      [stationaryNetwork(ring, { layers: 2, channels: 3, skip: false, tol: 1e-7 }), ['input', 'mix1', 'readout']],
    ] as const) {
      const params = train(model, 10, 0.1);
      const sizes = [params[`${names[0]}.weight`].shape[0], ...names.map((k) => params[`${k}.weight`].shape[1])] as number[];
      // To gauge's flat θ = [W_1, b_1, …] in out-in layout (the transpose of tfjs kernels), and back.
      const theta = Float64Array.from(names.flatMap((k) => [...tf.tidy(() => tf.transpose(params[`${k}.weight`]).dataSync()), ...params[`${k}.bias`].dataSync()]));
      const fix = hardGaugeFix({ sizes, activation: 'relu' }, theta);
      expect(fix.relativeImbalance).toBeLessThan(1e-10);
      let p = 0;
      const fixed: Record<string, tf.Tensor> = { ...params };
      names.forEach((k) => {
        const [fanIn, fanOut] = params[`${k}.weight`].shape;
        fixed[`${k}.weight`] = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(fix.theta.subarray(p, (p += fanIn * fanOut))), [fanOut, fanIn])));
        fixed[`${k}.bias`] = tf.tensor1d(Float32Array.from(fix.theta.subarray(p, (p += fanOut))));
      });
      expect(Math.max(...Array.from(fix.logScales, Math.abs))).toBeGreaterThan(0.05);
      expect(maxRel(logitsOf(model, fixed), logitsOf(model, params))).toBeLessThan(1e-4);
      expect(Math.max(...Array.from(unitImbalances(gaugeUnits(model.name as 'mlp' | 'stationary', fixed)), Math.abs))).toBeLessThan(1e-4);
    }
  });

  it('only for positively homogeneous potentials and models with a channel gauge (clear errors)', () => {
    expect(() => balancePenalty('stationary', 1e-2, cubicNlsPotential(0.5))).toThrow(/not positively homogeneous/);
    expect(() => balancePenalty('stationary', 1e-2, reluPotential())).not.toThrow();
    expect(() => balancePenalty('stationary', 1e-2, zeroPotential())).not.toThrow();
    expect(() => balancePenalty('sheaf', 1e-2)).toThrow(InvalidArgumentError);
    expect(() => balancePenalty('mlp', -1)).toThrow(/lambda/);
  });
});

describe('trainSplit hooks.penalty', () => {
  it('adds the penalty to the training loss (first-epoch loss shifts by its value)', () => {
    const { task, split } = ringTask();
    const firstLoss = (penalty?: (p: Params) => tf.Scalar): number => {
      const losses: number[] = [];
      trainSplit(mlp(), task, split, 0, { epochs: 1 }, { onEpoch: (e) => losses.push(e.loss), ...(penalty ? { penalty } : {}) });
      return losses[0];
    };
    expect(firstLoss(() => tf.scalar(5)) - firstLoss()).toBeCloseTo(5, 4);
  });
});
