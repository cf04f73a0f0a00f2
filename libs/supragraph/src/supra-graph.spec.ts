import { createRng, ShapeError, InvalidArgumentError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { denseSchrodinger, randomState } from '@gsn/stationary/testing';
import { couplingToInputMap } from './coupling';
import { layerOffsets } from './multilayer-network';
import { randomNetwork } from './random-network';
import { assembleSupraGraph, disassembleSupraGraph } from './supra-graph';
import { applySupraOperator, applySupraOperatorAdjoint, denseSupraOperator, globalSource, supraOperator } from './supra-operator';

const c = 2;

describe('supra-graph assembly', () => {
  const rng = createRng(3);
  const net = randomNetwork(rng, { layers: 3, nodes: 5, channels: c });
  const supra = assembleSupraGraph(net);

  it('has one node per layer-node, intra edges per layer and directed inter-layer edges per coupling entry', () => {
    expect(supra.nodes).toBe(15);
    expect(supra.intra.src.length).toBe(net.layers.reduce((s, l) => s + l.graph.src.length, 0));
    expect(supra.inter.src.length).toBe(net.couplings[1].rows.length + net.couplings[2].rows.length);
    expect(supra.input.src.length).toBe(net.couplings[0].rows.length);
    for (let e = 0; e < supra.inter.src.length; e++) {
      const from = supra.inter.src[e];
      const to = supra.inter.dst[e];
      const layerOf = (i: number) => (i < 5 ? 0 : i < 10 ? 1 : 2);
      expect(layerOf(to)).toBe(layerOf(from) + 1);
    }
  });

  it('round-trips exactly: disassemble(assemble(net)) = net', () => {
    const back = disassembleSupraGraph(supra);
    expect(back.inputNodes).toBe(net.inputNodes);
    expect(back.channels).toBe(net.channels);
    net.layers.forEach((layer, l) => {
      const b = back.layers[l];
      expect(b.graph.src).toEqual(layer.graph.src);
      expect(b.graph.dst).toEqual(layer.graph.dst);
      expect(b.graph.weights).toEqual(layer.graph.weights);
      expect(b.graph.adjacency.values).toEqual(layer.graph.adjacency.values);
      expect(b.kappa).toBe(layer.kappa);
      expect(b.onsite).toEqual(layer.onsite);
      expect(b.potential).toBe(layer.potential);
      expect(back.couplings[l]).toEqual(net.couplings[l]);
    });
    const again = assembleSupraGraph(back);
    expect(again.bias).toEqual(supra.bias);
    expect(again.intra.weights).toEqual(supra.intra.weights);
  });

  it('keeps layers without an on-site potential without one', () => {
    const plain = randomNetwork(createRng(4), { layers: 2, nodes: 6, chords: 2, onsite: false });
    const back = disassembleSupraGraph(assembleSupraGraph(plain));
    expect(back.layers.map((l) => l.onsite)).toEqual([undefined, undefined]);
  });

  function denseBlocks(penalty: number): Float64Array {
    // Complex N × N: diagonal blocks A_ℓ, sub-diagonal −S_ℓ, super-diagonal −μ^{-1}S_{ℓ+1}^†.
    const off = layerOffsets(net);
    const N = off[3];
    const re = new Float64Array(N * N);
    const im = new Float64Array(N * N);
    for (let l = 0; l < 3; l++) {
      const a = denseSchrodinger(net.layers[l]);
      for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) re[(off[l] + i) * N + off[l] + j] = a[i * 5 + j];
      if (l === 0) continue;
      const s = couplingToInputMap(net.couplings[l]);
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          re[(off[l] + i) * N + off[l - 1] + j] = -s.sRe[i * 5 + j];
          im[(off[l] + i) * N + off[l - 1] + j] = -s.sIm[i * 5 + j];
          re[(off[l - 1] + j) * N + off[l] + i] = -s.sRe[i * 5 + j] / penalty;
          im[(off[l - 1] + j) * N + off[l] + i] = s.sIm[i * 5 + j] / penalty;
        }
      }
    }
    // Real-ify per channel in the (N, 2c) layout.
    const n = N * 2 * c;
    const out = new Float64Array(n * n);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        for (let h = 0; h < c; h++) {
          const ur = i * 2 * c + h;
          const vr = ur + c;
          const uc = j * 2 * c + h;
          const vc = uc + c;
          out[ur * n + uc] = re[i * N + j];
          out[ur * n + vc] = -im[i * N + j];
          out[vr * n + uc] = im[i * N + j];
          out[vr * n + vc] = re[i * N + j];
        }
      }
    }
    return out;
  }

  it('assembles the global operator M (block lower-bidiagonal) in sparse form', () => {
    expectClose(denseSupraOperator(supraOperator(supra)), denseBlocks(Infinity), 1e-14, 'M');
  });

  it('assembles M_μ with back-edges of weight conj(S)/μ', () => {
    expectClose(denseSupraOperator(supraOperator(supra, 7)), denseBlocks(7), 1e-14, 'M_mu');
  });

  it('applies the adjoint as the transpose of the real-ified operator', () => {
    const op = supraOperator(supra, 3);
    const x = randomState(rng, supra.nodes * 2 * c);
    const y = randomState(rng, supra.nodes * 2 * c);
    const kx = new Float64Array(x.length);
    const kty = new Float64Array(y.length);
    applySupraOperator(op, x, kx);
    applySupraOperatorAdjoint(op, y, kty);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((t, v, i) => t + v * b[i], 0);
    expect(Math.abs(dot(y, kx) - dot(kty, x))).toBeLessThan(1e-12);
  });

  it('builds B(x) = (S_1x + b_1, b_2, …, b_L)', () => {
    const x = randomState(rng, 5 * 2 * c);
    const b = globalSource(supra, x);
    const s1 = couplingToInputMap(net.couplings[0]);
    const first = s1.bias.slice();
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        for (let h = 0; h < c; h++) {
          first[i * 4 + h] += s1.sRe[i * 5 + j] * x[j * 4 + h] - s1.sIm[i * 5 + j] * x[j * 4 + c + h];
          first[i * 4 + c + h] += s1.sRe[i * 5 + j] * x[j * 4 + c + h] + s1.sIm[i * 5 + j] * x[j * 4 + h];
        }
      }
    }
    expectClose(b.subarray(0, 20), first, 1e-14, 'layer 1');
    expectClose(b.subarray(20), supra.bias.subarray(20), 0, 'layers 2..L');
  });

  it('rejects couplings that do not chain and bad penalties', () => {
    const broken = { ...net, couplings: [net.couplings[0], { ...net.couplings[1], nIn: 4 }, net.couplings[2]] };
    expect(() => assembleSupraGraph(broken)).toThrow(ShapeError);
    expect(() => assembleSupraGraph({ ...net, couplings: net.couplings.slice(1) })).toThrow(ShapeError);
    expect(() => supraOperator(supra, 0)).toThrow(InvalidArgumentError);
    expect(() => globalSource(supra, new Float64Array(3))).toThrow(ShapeError);
  });
});
