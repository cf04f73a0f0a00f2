import * as tf from '@tensorflow/tfjs';
import { createRng, ShapeError, useBackend } from '@gsn/tensor';
import { maxRelativeError } from '@gsn/tensor/testing';
import { fixedPoint, forwardBackward } from '@gsn/solvers';
import { withWeights } from '@gsn/graph';
import { createStationaryOpCache, cubicNlsPotential, kappaFromRaw, sigmoid } from '@gsn/stationary';
import { float32OpFixture, float32OpSolvers, type TestSolverOptions } from '@gsn/stationary/testing';
import { connectionFromParams, connectionParamsVjp } from './connection';
import type { ConnectionSpec } from './restriction-maps';
import { sheafState, sheafVjp } from './sheaf-layer';
import { predictConnectionParams } from './map-predictor';
import { initSheafLayer, sheafLayerOp, type SheafLayerConfig } from './sheaf-layer-op';

beforeAll(() => useBackend('cpu'));

const rng = createRng(51);
const n = 6;
const channels = 4;
const spec: ConnectionSpec = { kind: 'orthogonal', stalk: 2, method: 'cayley' };
const { graph64, graph, sourceValues, cotangent } = float32OpFixture(rng, n, channels);
const config: SheafLayerConfig<TestSolverOptions, TestSolverOptions> = {
  graph,
  channels,
  connection: spec,
  kappaMin: 0.1,
  potential: cubicNlsPotential(1),
  ...float32OpSolvers(),
};

describe('sheafLayerOp (tfjs boundary)', () => {
  it('gradients for source, weights, κ-parameter, connection parameters and strength match the float64 core', () => {
    const params = initSheafLayer(createRng(1), { graph, connection: spec, kappa: 0.9, strength: 0.6, connectionScale: 1 });
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const g = tf.tensor2d(cotangent, [n, 2 * channels]);
    const cache = createStationaryOpCache();
    const f = (s: tf.Tensor, w: tf.Tensor, k: tf.Tensor, c: tf.Tensor, b: tf.Tensor) =>
      tf.sum(
        tf.mul(
          sheafLayerOp(
            s as tf.Tensor2D,
            { weights: w as tf.Tensor1D, kappaRaw: k as tf.Scalar, connection: c as tf.Tensor2D, strength: b as tf.Scalar },
            config,
            cache,
          ),
          g,
        ),
      );
    const [dS, dW, dK, dC, dB] = tf.grads(f)([source, params.weights, params.kappaRaw, params.connection, params.strength!]);
    expect(cache.stats?.adjointIterations).toBeGreaterThan(0);

    const kappaRaw = params.kappaRaw.dataSync()[0];
    const theta = Float64Array.from(params.connection.dataSync());
    const layer = {
      graph: withWeights(graph64, params.weights.dataSync()),
      connection: connectionFromParams(spec, theta, graph.src.length),
      channels,
      kappa: kappaFromRaw(kappaRaw, 0.1),
      potential: cubicNlsPotential(params.strength!.dataSync()[0]),
    };
    const s64 = Float64Array.from(sourceValues);
    const forward = sheafState(layer, s64, { solver: forwardBackward, solverOptions: { tol: 1e-14, maxIter: 20000 } });
    const ref = sheafVjp(layer, forward, s64, Float64Array.from(cotangent), { form: 'prox', solver: fixedPoint, solverOptions: { tol: 1e-14, maxIter: 20000 } });
    expect(maxRelativeError(dS.dataSync(), ref.source, 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dW.dataSync(), ref.weights, 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dK.dataSync(), [ref.kappa * sigmoid(kappaRaw)], 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dC.dataSync(), connectionParamsVjp(spec, theta, ref.maps), 1e-3)).toBeLessThan(1e-3);
    expect(maxRelativeError(dB.dataSync(), [ref.strength!], 1e-3)).toBeLessThan(1e-3);
    tf.dispose([source, g, dS, dW, dK, dC, dB, params.weights, params.kappaRaw, params.connection, params.strength!]);
  });

  it('maps predicted from node features get their gradients through tfjs', () => {
    const features = tf.randomNormal([n, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
    const weight = tf.randomNormal([6, 1], 0, 0.5, 'float32', 8) as tf.Tensor2D;
    const bias = tf.zeros([1]) as tf.Tensor1D;
    const params = initSheafLayer(createRng(2), { graph, connection: spec });
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    const g = tf.tensor2d(cotangent, [n, 2 * channels]);
    const loss = (w: tf.Tensor) =>
      tf.sum(tf.mul(sheafLayerOp(source, { ...params, connection: predictConnectionParams(features, graph, w as tf.Tensor2D, bias) }, config), g));
    const dW = tf.grad(loss)(weight);
    // chain rule by hand: dℓ/dθ from the op, pushed through the predictor's own vjp
    const theta = predictConnectionParams(features, graph, weight, bias);
    const dTheta = tf.grads((c: tf.Tensor) => tf.sum(tf.mul(sheafLayerOp(source, { ...params, connection: c as tf.Tensor2D }, config), g)))([theta])[0];
    const manual = tf.grad((w: tf.Tensor) => predictConnectionParams(features, graph, w as tf.Tensor2D, bias))(weight, dTheta);
    expect(maxRelativeError(dW.dataSync(), manual.dataSync(), 1e-4)).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(dW.dataSync(), Math.abs))).toBeGreaterThan(0);
    tf.dispose([features, weight, bias, source, g, dW, theta, dTheta, manual, params.weights, params.kappaRaw, params.connection]);
  });

  it('rejects a connection tensor of the wrong shape', () => {
    const params = initSheafLayer(createRng(3), { graph, connection: spec });
    const bad = tf.zeros([graph.src.length, 2]) as tf.Tensor2D;
    const source = tf.tensor2d(sourceValues, [n, 2 * channels]);
    expect(() => sheafLayerOp(source, { ...params, connection: bad }, config)).toThrow(ShapeError);
    tf.dispose([bad, source, params.weights, params.kappaRaw, params.connection]);
  });
});
