import { ConvergenceError, InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import { isSmooth, type SmoothPotential } from './potential';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import type { LinearSolver } from './stationary-adjoint';
import { assertStateShape, norm2, realInner } from './state-layout';

/** E(ψ) = ½ Re⟨ψ, Hψ⟩ + Φ(ψ) − Re⟨s, ψ⟩ (SPEC 4.2), κ-strongly convex for convex Φ. */
export function stationaryEnergy(layer: StationaryLayer, psi: Real, source: Real): number {
  const h = zerosLike(psi);
  layerOperator(layer, psi).apply(psi, h);
  return 0.5 * realInner(psi, h) + layer.potential.value(psi, layer.channels) - realInner(source, psi);
}

function smoothPotentialOf(layer: StationaryLayer, caller: string): SmoothPotential {
  const p = layer.potential;
  if (!isSmooth(p)) throw new InvalidArgumentError(`${caller}: the flow needs a smooth potential, got '${p.name}'`);
  return p;
}

/** ∇E(ψ) = Hψ + ∇Φ(ψ) − s (smooth Φ), w.r.t. the real inner product Re⟨·,·⟩. */
export function energyGradient(layer: StationaryLayer, psi: Real, source: Real, out: Real): void {
  const potential = smoothPotentialOf(layer, 'energyGradient');
  const tmp = zerosLike(psi);
  layerOperator(layer, psi).apply(psi, out);
  potential.gradient(psi, layer.channels, tmp);
  for (let i = 0; i < out.length; i++) out[i] += tmp[i] - source[i];
}

/** out = (η + iω)·g on an (n, 2c) state: re = ηg_u − ωg_v, im = ωg_u + ηg_v. */
function multiplyComplex(g: Real, eta: number, omega: number, channels: number, out: Real): void {
  const width = 2 * channels;
  for (let row = 0; row < g.length; row += width) {
    for (let k = 0; k < channels; k++) {
      const gu = g[row + k];
      const gv = g[row + channels + k];
      out[row + k] = eta * gu - omega * gv;
      out[row + channels + k] = omega * gu + eta * gv;
    }
  }
}

/** The dissipative Schrödinger flow ∂_tψ = −(η + iω)∇E(ψ) and its time step. */
export interface FlowOptions<O> {
  /** Dissipation η > 0. */
  readonly eta: number;
  /** Schrödinger rotation ω ≥ 0. */
  readonly omega: number;
  /** Time step τ > 0. Explicit: stable iff τ < 2η/((η² + ω²)Λ_J) (SPEC 4.4(b)). */
  readonly tau: number;
  /**
   * `explicit`: ψ ← ψ − τ(η + iω)∇E(ψ). `imex`: (I + τ(η + iω)H)ψ⁺ = ψ − τ(η + iω)(∇Φ(ψ) − s),
   * solved by the given Krylov solver on the normal equations M^†M ψ⁺ = M^†b (SPD).
   */
  readonly scheme: 'explicit' | 'imex';
  readonly linearSolver?: LinearSolver<O>;
  readonly linearSolverOptions?: O;
  readonly maxSteps: number;
  /** Stop when ‖ψ⁺ − ψ‖ ≤ tol·(1 + ‖ψ‖). */
  readonly tol: number;
  /** Called after every step (for energy traces in tests and plots). */
  readonly onStep?: (psi: Real, step: number) => void;
}

export interface FlowResult {
  readonly state: Real;
  readonly steps: number;
  readonly converged: boolean;
}

/** Integrates the flow from ψ0 until it is stationary (or `maxSteps`); returns the last state. */
export function dissipativeFlow<O>(layer: StationaryLayer, source: Real, psi0: Real, options: FlowOptions<O>): FlowResult {
  const { eta, omega, tau, scheme, maxSteps, tol } = options;
  if (!(eta > 0)) throw new InvalidArgumentError(`dissipativeFlow: eta must be > 0, got ${eta}`);
  if (!(omega >= 0)) throw new InvalidArgumentError(`dissipativeFlow: omega must be >= 0, got ${omega}`);
  if (!(tau > 0)) throw new InvalidArgumentError(`dissipativeFlow: tau must be > 0, got ${tau}`);
  assertStateShape(psi0, layer.graph.nodes, layer.channels, 'dissipativeFlow: psi0');
  const potential = smoothPotentialOf(layer, 'dissipativeFlow');
  const { channels } = layer;
  const op = layerOperator(layer, psi0);
  let psi: Real = psi0.slice();
  let next: Real = zerosLike(psi0);
  const g = zerosLike(psi0);
  const rotated = zerosLike(psi0);
  const h = zerosLike(psi0);
  const h2 = zerosLike(psi0);
  // M x = x + τ(η + iω)Hx; the adjoint M^† has −ω.
  const applyM = (x: Real, w: number, out: Real): void => {
    op.apply(x, h);
    multiplyComplex(h, tau * eta, tau * w, channels, out);
    for (let i = 0; i < out.length; i++) out[i] += x[i];
  };
  const applyNormal = (x: Real, out: Real): void => {
    applyM(x, omega, h2);
    applyM(h2, -omega, out);
  };
  const residuals: number[] = [];
  for (let step = 1; step <= maxSteps; step++) {
    if (scheme === 'explicit') {
      energyGradient(layer, psi, source, g);
      multiplyComplex(g, eta, omega, channels, rotated);
      for (let i = 0; i < psi.length; i++) next[i] = psi[i] - tau * rotated[i];
    } else {
      if (!options.linearSolver) throw new InvalidArgumentError('dissipativeFlow: the imex scheme needs linearSolver');
      potential.gradient(psi, channels, g);
      for (let i = 0; i < g.length; i++) g[i] -= source[i];
      multiplyComplex(g, tau * eta, tau * omega, channels, rotated);
      for (let i = 0; i < psi.length; i++) rotated[i] = psi[i] - rotated[i];
      applyM(rotated, -omega, g);
      next = options.linearSolver(applyNormal, g, psi, options.linearSolverOptions as O).state.slice();
    }
    let d = 0;
    for (let i = 0; i < psi.length; i++) d += (next[i] - psi[i]) ** 2;
    const change = Math.sqrt(d);
    residuals.push(change);
    if (!Number.isFinite(change)) throw new ConvergenceError(`dissipativeFlow: non-finite state at step ${step}`, residuals);
    [psi, next] = [next, psi];
    options.onStep?.(psi, step);
    if (change <= tol * (1 + norm2(psi))) return { state: psi, steps: step, converged: true };
  }
  return { state: psi, steps: maxSteps, converged: false };
}
