import * as tf from '@tensorflow/tfjs';
import { gcn, mlp } from '@gsn/nn';
import { useBackend } from '@gsn/tensor';
import { ringTask, scriptedModel } from './testing';
import { adam, addDecayedWeights, chain, type GradientTransformation, type Params } from '@gsn/optim';
import { defaultOptimizer, trainSplit } from './train-split';
import { trainOptions } from './options';
import { crossEntropyTargets, maskedCrossEntropy } from './loss';
import { crossEntropy } from './metrics';

beforeAll(() => useBackend('cpu'));

describe('trainSplit', () => {
  it('repeats its accuracies exactly from the same seed, and differs across seeds', () => {
    const { task, split } = ringTask();
    const run = (seed: number) => {
      const r = trainSplit(gcn({ hidden: 8 }), task, split, seed, { epochs: 15, patience: 15 });
      return [r.testAcc, r.valAcc, r.bestEpoch];
    };
    expect(run(4)).toEqual(run(4));
    const lossesOf = (seed: number) => {
      const losses: number[] = [];
      trainSplit(mlp({ hidden: 8 }), task, split, seed, { epochs: 5 }, { onEpoch: (e) => losses.push(e.loss) });
      return losses;
    };
    expect(lossesOf(4)).toEqual(lossesOf(4));
    expect(lossesOf(4)).not.toEqual(lossesOf(5));
  });

  it('keeps tf.memory().numTensors constant across epochs and frees everything at the end', () => {
    const { task, split } = ringTask();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    trainSplit(gcn({ hidden: 8 }), task, split, 0, { epochs: 6 }, { onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(6);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[0]).toBe(counts[5]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports the test accuracy of the epoch with the best validation accuracy', () => {
    const { task, split } = ringTask();
    const y = Array.from(task.labels);
    const wrong = y.map((c) => (c + 1) % 3);
    // epoch 2: val all right, test all wrong; epoch 3: val half right, test all right
    const epoch2 = y.map((c, i) => (i >= 30 ? wrong[i] : c));
    const epoch3 = y.map((c, i) => (i >= 20 && i < 25 ? wrong[i] : c));
    const r = trainSplit(scriptedModel([wrong, epoch2, epoch3], 3), task, split, 0, { epochs: 3 });
    expect(r.bestEpoch).toBe(2);
    expect(r.valAcc).toBe(1);
    expect(r.testAcc).toBe(0);
    expect(r.epochs).toBe(3);
    expect(r.solverIterations).toEqual([3, 3, 3]);
    expect(r.unconvergedSteps).toBe(0);
  });

  it('stops after `patience` epochs without improvement and counts unconverged solves', () => {
    const { task, split } = ringTask();
    const constant = Array.from(task.labels, () => 0);
    const r = trainSplit(scriptedModel([constant], 3, 7, false), task, split, 0, { epochs: 100, patience: 4 });
    expect(r.bestEpoch).toBe(1);
    expect(r.unconvergedSteps).toBe(5);
    expect(r.epochs).toBe(5);
    expect(r.epochMs).toHaveLength(5);
  });
});

describe('defaultOptimizer', () => {
  /** The parameters after `steps` updates of `opt` from θ = 1 with the gradients g_k = k − 2. */
  const run = (opt: GradientTransformation, steps = 4): number[] =>
    tf.tidy(() => {
      let params: Params = { w: tf.tensor1d([1, -2]) };
      let state = opt.init(params);
      for (let k = 0; k < steps; k++) {
        const r = opt.update({ w: tf.fill([2], k - 2) }, state, params);
        state = r.state;
        params = { w: tf.add(params.w, r.updates.w) };
      }
      return Array.from(params.w.dataSync());
    });

  it("scales the L2 coefficient before Adam by the model's decayScale(r), r the labelled fraction", () => {
    const o = trainOptions({ weightDecay: 0.05, lr: 0.1 });
    const scaled = run(defaultOptimizer(o, { decayScale: (r) => 0.5 / r }, 0.25));
    expect(scaled).toEqual(run(chain(addDecayedWeights(0.1), adam(0.1))));
    expect(scaled).not.toEqual(run(chain(addDecayedWeights(0.05), adam(0.1))));
    expect(run(defaultOptimizer(o, {}, 0.25))).toEqual(run(chain(addDecayedWeights(0.05), adam(0.1))));
  });

  it('refuses a decayScale that is negative or not finite, naming it', () => {
    for (const bad of [-1, Infinity, Number.NaN]) {
      expect(() => defaultOptimizer(trainOptions(), { decayScale: () => bad }, 0.5)).toThrow(/decayScale\(0.5\)/);
    }
  });

  it('refuses a labelled fraction outside (0, 1]', () => {
    for (const r of [0, 1.5, Number.NaN]) expect(() => defaultOptimizer(trainOptions(), {}, r)).toThrow(/labelled fraction/);
  });

  it('is handed r = |train| / n by trainSplit', () => {
    const { task, split } = ringTask();
    const seen: number[] = [];
    trainSplit(mlp({ hidden: 4 }), task, split, 0, { epochs: 1 }, {
      optimizer: (o, model, r) => {
        seen.push(r);
        return defaultOptimizer(o, model, r);
      },
    });
    expect(seen).toEqual([split.train.length / task.labels.length]);
  });
});

describe('maskedCrossEntropy', () => {
  it('equals the mean cross-entropy over the training nodes only', () => {
    const logits = [0.3, -1, 2, 0, 0, 0, 5, 1, -2, 1, 1, 0.5];
    const labels = Int32Array.from([2, 0, 1, 1]);
    const train = [0, 2, 3];
    const loss = maskedCrossEntropy(tf.tensor2d(logits, [4, 3]), crossEntropyTargets(labels, 3, train)).dataSync()[0];
    expect(loss).toBeCloseTo(crossEntropy(logits, 3, labels, train), 5);
  });
});

describe('trainSplit hooks.resumable', () => {
  it('afterEpoch sees every epoch and stops the run when it returns false', () => {
    const { task, split } = ringTask();
    const seen: number[] = [];
    const r = trainSplit(gcn({ hidden: 8 }), task, split, 0, { epochs: 10 }, {
      resumable: { start: (fresh) => fresh, afterEpoch: ({ progress }) => (seen.push(progress.epoch), progress.epoch < 3) },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(r.epochs).toBe(3);
  });

  it('starts from the state start returns (its progress and parameters), the fresh ones freed by start', () => {
    const { task, split } = ringTask();
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    let startParams: tf.Tensor | undefined;
    const r = trainSplit(mlp({ hidden: 8 }), task, split, 0, { epochs: 5 }, {
      onEpoch: (e) => epochs.push(e.epoch),
      resumable: {
        start(fresh, dropoutSeed) {
          expect(Number.isInteger(dropoutSeed)).toBe(true);
          const params = Object.fromEntries(Object.entries(fresh.params).map(([k, t]) => [k, tf.zerosLike(t)]));
          startParams = Object.values(params)[0];
          tf.dispose(Object.values(fresh.params));
          return { ...fresh, params, progress: { ...fresh.progress, epoch: 3, best: { valAcc: 2, valLoss: 0, testAcc: 0.25, epoch: 3 } } };
        },
        afterEpoch: () => true,
      },
    });
    // epochs 4 and 5 only, never better than the impossible best of the state it started from
    expect(epochs).toEqual([4, 5]);
    expect([r.epochs, r.bestEpoch, r.testAcc]).toEqual([5, 3, 0.25]);
    expect(startParams!.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
