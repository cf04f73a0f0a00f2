import * as tf from '@tensorflow/tfjs';
import { createRng, ShapeError, useBackend } from '@gsn/tensor';
import { maxRelativeError } from '@gsn/tensor/testing';
import { fixedPoint, forwardBackward } from '@gsn/solvers';
import { withWeights } from '@gsn/graph';
import { cubicNlsPotential } from './radial-potentials';
import { reluPotential } from './relu-potential';
import { kappaFromRaw, sigmoid } from './schrodinger-operator';
import type { StationaryLayer } from './stationary-layer';
import { stationaryState } from './stationary-state';
import { stationaryVjp } from './stationary-adjoint';
import { initStationaryLayer } from './stationary-params';
import { createStationaryOpCache, stationaryLayerOp, type StationaryLayerConfig } from './stationary-layer-op';
import { float32OpFixture, float32OpSolvers, type TestSolverOptions } from './testing';

beforeAll(() => useBackend('cpu'));

const rng = createRng(41);
const n = 6;
const channels = 2;
const { graph64, graph, sourceValues, cotangent } = float32OpFixture(rng, n, channels);
const config: StationaryLayerConfig<TestSolverOptions, TestSolverOptions> = {
  graph,
  channels,
  kappaMin: 0.1,
  potential: cubicNlsPotential(1),
  ...float32OpSolvers(),
};

describe('stationaryLayerOp (tfjs boundary)', () => {
  it('its gradients for source, weights, κ-parameter and strength match the float64 core', () => {
    const params = initStationaryLayer(createRng(1), { graph, kappa: 0.9, strength: 0.6, weightJitter: 0.2 });
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const g = tf.tensor2d(cotangent, [n, 2 * channels]);
    const f = (s: tf.Tensor, w: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      tf.sum(
        tf.mul(
          stationaryLayerOp(s as tf.Tensor2D, { weights: w as tf.Tensor1D, kappaRaw: k as tf.Scalar, strength: b as tf.Scalar }, config),
          g,
        ),
      );
    const [dS, dW, dK, dB] = tf.grads(f)([source, params.weights, params.kappaRaw, params.strength!]);

    const kappaRaw = params.kappaRaw.dataSync()[0];
    const layer: StationaryLayer = {
      graph: withWeights(graph64, params.weights.dataSync()),
      channels,
      kappa: kappaFromRaw(kappaRaw, 0.1),
      potential: cubicNlsPotential(params.strength!.dataSync()[0]),
    };
    const s64 = Float64Array.from(sourceValues);
    const forward = stationaryState(layer, s64, { solver: forwardBackward, solverOptions: { tol: 1e-14, maxIter: 20000 } });
    const ref = stationaryVjp(layer, forward, s64, Float64Array.from(cotangent), {
      form: 'prox',
      solver: fixedPoint,
      solverOptions: { tol: 1e-14, maxIter: 20000 },
    });
    expect(maxRelativeError(dS.dataSync(), ref.source, 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dW.dataSync(), ref.weights, 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dK.dataSync(), [ref.kappa * sigmoid(kappaRaw)], 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dB.dataSync(), [ref.strength!], 1e-3)).toBeLessThan(1e-3);
    tf.dispose([source, g, dS, dW, dK, dB, params.weights, params.kappaRaw, params.strength!]);
  });

  it('leaves tf.memory().numTensors where it found it, call after call', () => {
    const params = initStationaryLayer(createRng(2), { graph, strength: 0.5 });
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((s: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.square(stationaryLayerOp(s as tf.Tensor2D, { ...params, weights: w as tf.Tensor1D }, config))),
        )([source, params.weights]);
        return value.dataSync()[0] + grads[1].dataSync()[0];
      });
    step();
    const before = tf.memory().numTensors;
    for (let call = 0; call < 3; call++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([source, params.weights, params.kappaRaw, params.strength!]);
  });

  it('warm-starts from the cached state and reports the solver statistics of the last call', () => {
    const params = initStationaryLayer(createRng(3), { graph, strength: 0.5 });
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const cache = createStationaryOpCache();
    tf.dispose(stationaryLayerOp(source, params, config, cache));
    const cold = cache.stats!.forwardIterations;
    expect(cache.stats!.forwardConverged).toBe(true);
    tf.dispose(stationaryLayerOp(source, params, config, cache));
    expect(cache.stats!.forwardIterations).toBeLessThan(cold / 2);
    tf.tidy(() => tf.grad((s: tf.Tensor) => tf.sum(stationaryLayerOp(s as tf.Tensor2D, params, config, cache)))(source));
    expect(cache.stats!.adjointIterations).toBeGreaterThan(0);
    tf.dispose([source, params.weights, params.kappaRaw, params.strength!]);
  });

  it('works without a strength (ReLU) and checks shapes', () => {
    const params = initStationaryLayer(createRng(4), { graph });
    const reluConfig = { ...config, potential: reluPotential() };
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const out = stationaryLayerOp(source, params, reluConfig);
    expect(Math.min(...Array.from(out.dataSync()))).toBeGreaterThanOrEqual(0);
    const bad = tf.zeros([n, channels]) as tf.Tensor2D;
    expect(() => stationaryLayerOp(bad, params, reluConfig)).toThrow(ShapeError);
    tf.dispose([out, bad, source, params.weights, params.kappaRaw]);
  });
});
