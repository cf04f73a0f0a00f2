import { ShapeError, zerosLike, type Real } from '@gsn/tensor';

/**
 * The source injection s = S x + b of a layer (SPEC 4.1) with a complex node-mixing matrix
 * S = S_re + i S_im (dense, nOut × nIn, row-major) acting on the node index; channels pass
 * through. In the 2-channel form
 *   s_re = S_re x_re − S_im x_im + b_re,   s_im = S_re x_im + S_im x_re + b_im.
 *
 * Shapes: sRe, sIm (nOut, nIn); bias (nOut, 2c); x (nIn, 2c); s (nOut, 2c).
 */
export interface ComplexInputMap {
  readonly nOut: number;
  readonly nIn: number;
  readonly sRe: Real;
  readonly sIm: Real;
  readonly bias: Real;
}

function check(map: ComplexInputMap, x: Real, channels: number): void {
  const { nOut, nIn } = map;
  if (map.sRe.length !== nOut * nIn || map.sIm.length !== nOut * nIn) {
    throw new ShapeError(`complexInputMap: sRe/sIm have lengths ${map.sRe.length}/${map.sIm.length}, expected ${nOut} * ${nIn}`);
  }
  if (map.bias.length !== nOut * 2 * channels) {
    throw new ShapeError(`complexInputMap: bias has length ${map.bias.length}, expected ${nOut} * 2 * ${channels}`);
  }
  if (x.length !== nIn * 2 * channels) {
    throw new ShapeError(`complexInputMap: x has length ${x.length}, expected ${nIn} * 2 * ${channels}`);
  }
}

/** s = S x + b. */
export function applyComplexInputMap(map: ComplexInputMap, x: Real, channels: number): Real {
  check(map, x, channels);
  const { nOut, nIn, sRe, sIm } = map;
  const w = 2 * channels;
  const out = map.bias.slice();
  for (let i = 0; i < nOut; i++) {
    for (let j = 0; j < nIn; j++) {
      const a = sRe[i * nIn + j];
      const b = sIm[i * nIn + j];
      for (let k = 0; k < channels; k++) {
        const xr = x[j * w + k];
        const xi = x[j * w + channels + k];
        out[i * w + k] += a * xr - b * xi;
        out[i * w + channels + k] += a * xi + b * xr;
      }
    }
  }
  return out;
}

/** Gradients of ℓ through s = S x + b given λ = dℓ/ds (SPEC 4.5): dS_re, dS_im, db = λ, dx = S^†λ. */
export interface ComplexInputMapGradients {
  readonly sRe: Real;
  readonly sIm: Real;
  readonly bias: Real;
  readonly x: Real;
}

export function complexInputMapVjp(map: ComplexInputMap, x: Real, lambda: Real, channels: number): ComplexInputMapGradients {
  check(map, x, channels);
  const { nOut, nIn, sRe, sIm } = map;
  if (lambda.length !== nOut * 2 * channels) {
    throw new ShapeError(`complexInputMapVjp: lambda has length ${lambda.length}, expected ${nOut} * 2 * ${channels}`);
  }
  const w = 2 * channels;
  const dRe = zerosLike(sRe);
  const dIm = zerosLike(sIm);
  const dx = zerosLike(x);
  for (let i = 0; i < nOut; i++) {
    for (let j = 0; j < nIn; j++) {
      const a = sRe[i * nIn + j];
      const b = sIm[i * nIn + j];
      let gr = 0;
      let gi = 0;
      for (let k = 0; k < channels; k++) {
        const lr = lambda[i * w + k];
        const li = lambda[i * w + channels + k];
        const xr = x[j * w + k];
        const xi = x[j * w + channels + k];
        gr += lr * xr + li * xi;
        gi += -lr * xi + li * xr;
        dx[j * w + k] += a * lr + b * li;
        dx[j * w + channels + k] += -b * lr + a * li;
      }
      dRe[i * nIn + j] = gr;
      dIm[i * nIn + j] = gi;
    }
  }
  return { sRe: dRe, sIm: dIm, bias: lambda.slice(), x: dx };
}
