import * as tf from '@tensorflow/tfjs';
import { availableBackends, useBackend } from '../../backend/backend';
import type { Csr } from '../../csr';
import { InvalidArgumentError, ShapeError } from '../../errors';
import { createRng } from '../../rng';
import { denseFromCsr, expectClose, finiteDifferenceGradient, randomArray, randomCsr } from '../../testing';
import { registerSparseKernels } from '../register';
import { sddmmInto, spmmInto, spmmTransposeInto } from './spmm.impl';
import { csrTensorFromCsr, sddmm, spmm, spmmTranspose, type CsrTensor } from './spmm.op';

// One spec, every backend available here (tfjs describeWithFlags(ALL_ENVS) style).
const BACKENDS = availableBackends();
const N_ROWS = 9;
const N_COLS = 7;
// F = 3 runs the scalar loops everywhere; F = 8 the SIMD loops on wasm.
const WIDTHS = [3, 8];

/** Float64 reference of L = Σ W ∘ sin(A X), written densely so it shares no code with the kernels. */
function denseLoss(a: Csr, values: Float64Array, x: Float64Array, w: Float64Array, transposed: boolean, F: number): number {
  const d = denseFromCsr({ ...a, values });
  const [rows, inner] = transposed ? [a.nCols, a.nRows] : [a.nRows, a.nCols];
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < F; p++) {
      let s = 0;
      for (let j = 0; j < inner; j++) s += (transposed ? d[j * a.nCols + i] : d[i * a.nCols + j]) * x[j * F + p];
      loss += w[i * F + p] * Math.sin(s);
    }
  }
  return loss;
}

describe.each(BACKENDS.flatMap((b) => WIDTHS.map((F) => [b, F] as const)))('sparse ops on %s with F = %i', (backend, F) => {
  const rng = createRng(5);
  const a = randomCsr(rng, N_ROWS, N_COLS, 25, 'float64');
  const values = Float64Array.from(a.values);
  let at: CsrTensor;

  beforeAll(async () => {
    await useBackend(backend);
    at = csrTensorFromCsr(a);
  });
  afterAll(() => at.values.dispose());

  it('forward of spmm, spmmTranspose and sddmm equals the typed-array kernels', () => {
    const x = Float32Array.from(randomArray(rng, N_COLS * F));
    const y = Float32Array.from(randomArray(rng, N_ROWS * F));
    const a32 = { ...a, values: Float32Array.from(values) };
    const [ax, aty, s] = tf.tidy(() => [
      spmm(at, tf.tensor2d(x, [N_COLS, F])),
      spmmTranspose(at, tf.tensor2d(y, [N_ROWS, F])),
      sddmm(at, tf.tensor2d(y, [N_ROWS, F]), tf.tensor2d(x, [N_COLS, F])),
    ]);
    const refAx = new Float32Array(N_ROWS * F);
    spmmInto(a32, x, F, refAx);
    const refAty = new Float32Array(N_COLS * F);
    spmmTransposeInto(a32, y, F, refAty);
    const refS = new Float32Array(values.length);
    sddmmInto(a32, y, x, F, refS);
    expect(ax.shape).toEqual([N_ROWS, F]);
    expect(aty.shape).toEqual([N_COLS, F]);
    expectClose(ax.dataSync(), refAx, 1e-6, 'spmm');
    expectClose(aty.dataSync(), refAty, 1e-6, 'spmmTranspose');
    expectClose(s.dataSync(), refS, 1e-6, 'sddmm');
    tf.dispose([ax, aty, s]);
  });

  it.each([false, true])('gradients in x and values match central differences (transposed: %s)', (transposed) => {
    const inner = transposed ? N_ROWS : N_COLS;
    const outer = transposed ? N_COLS : N_ROWS;
    const x = randomArray(rng, inner * F);
    const w = randomArray(rng, outer * F);
    const [gValues, gX] = tf.tidy(() => {
      const wt = tf.tensor2d(Float32Array.from(w), [outer, F]);
      const loss = (v: tf.Tensor, xx: tf.Tensor) => {
        const op = transposed ? spmmTranspose : spmm;
        return tf.sum(tf.mul(wt, tf.sin(op({ ...at, values: v as tf.Tensor1D }, xx as tf.Tensor2D))));
      };
      return tf.grads(loss)([at.values, tf.tensor2d(Float32Array.from(x), [inner, F])]);
    });
    const fdValues = finiteDifferenceGradient((v) => denseLoss(a, v, x, w, transposed, F), values.slice());
    const fdX = finiteDifferenceGradient((xx) => denseLoss(a, values, xx, w, transposed, F), x.slice());
    expectClose(gValues.dataSync(), fdValues, 2e-5, `d/dvalues on ${backend}`);
    expectClose(gX.dataSync(), fdX, 2e-5, `d/dx on ${backend}`);
    tf.dispose([gValues, gX]);
  });

  it('differentiates sddmm in both operands (second order of spmm)', () => {
    const y = randomArray(rng, N_ROWS * F);
    const x = randomArray(rng, N_COLS * F);
    const w = randomArray(rng, values.length);
    const [gY, gX] = tf.tidy(() =>
      tf.grads((yy: tf.Tensor, xx: tf.Tensor) =>
        tf.sum(tf.mul(tf.tensor1d(Float32Array.from(w)), tf.sin(sddmm(at, yy as tf.Tensor2D, xx as tf.Tensor2D)))),
      )([tf.tensor2d(Float32Array.from(y), [N_ROWS, F]), tf.tensor2d(Float32Array.from(x), [N_COLS, F])]),
    );
    const loss = (yy: Float64Array, xx: Float64Array) => {
      const s = new Float64Array(values.length);
      sddmmInto(a, yy, xx, F, s);
      return s.reduce((acc, sk, k) => acc + w[k] * Math.sin(sk), 0);
    };
    expectClose(gY.dataSync(), finiteDifferenceGradient((yy) => loss(yy, x), y.slice()), 2e-5, 'd/dy');
    expectClose(gX.dataSync(), finiteDifferenceGradient((xx) => loss(y, xx), x.slice()), 2e-5, 'd/dx');
    tf.dispose([gY, gX]);
  });

  it('leaves tf.memory().numTensors unchanged after forward and backward inside tidy', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomNormal([N_COLS, F]) as tf.Tensor2D;
      const g = tf.grads((v: tf.Tensor, xx: tf.Tensor) => tf.sum(spmm({ ...at, values: v as tf.Tensor1D }, xx as tf.Tensor2D)));
      g([at.values, x]);
      spmmTranspose(at, tf.ones([N_ROWS, F]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad shapes with ShapeError naming the op and shapes, and non-float dtypes', () => {
    const x = tf.zeros([N_ROWS, F]) as tf.Tensor2D;
    expect(() => spmm(at, x)).toThrow(ShapeError);
    expect(() => spmm(at, x)).toThrow(`spmm: x has shape [${N_ROWS},${F}], expected [${N_COLS}, F] for a ${N_ROWS} x ${N_COLS} matrix`);
    expect(() => spmmTranspose(at, tf.zeros([N_COLS, F]) as tf.Tensor2D)).toThrow(/spmmTranspose: y has shape/);
    expect(() => spmm({ ...at, colIdx: at.colIdx.subarray(1) }, tf.zeros([N_COLS, F]))).toThrow(ShapeError);
    expect(() => spmm(at, tf.zeros([N_COLS, F], 'int32'))).toThrow(InvalidArgumentError);
    tf.dispose(x);
  });
});

describe('host-copy kernels (the tensorflow backend path)', () => {
  // tfjs-node cannot be installed here; its kernels only use readSync and makeTensorInfo, which a
  // second cpu backend instance also provides, so the host path runs under another name.
  it('computes spmm through readSync/makeTensorInfo', async () => {
    const cpu = tf.findBackend('cpu') ?? (await useBackend('cpu'), tf.findBackend('cpu'));
    const Cpu = cpu!.constructor as new () => tf.KernelBackend;
    tf.registerBackend('host-test', () => new Cpu());
    registerSparseKernels(['host-test']);
    // Only our kernels are registered for 'host-test', so build the inputs on cpu and move them.
    expect(await tf.setBackend('host-test')).toBe(true);
    const a = randomCsr(createRng(9), 5, 4, 9, 'float32');
    const x = Float32Array.from(randomArray(createRng(10), 4 * 2));
    const at = csrTensorFromCsr(a);
    const y = spmm(at, tf.tensor2d(x, [4, 2]));
    const ref = new Float32Array(5 * 2);
    spmmInto(a, x, 2, ref);
    expectClose(y.dataSync(), ref, 1e-6, 'host spmm');
    await tf.setBackend('cpu');
    tf.removeBackend('host-test');
  });
});
