/**
 * The sheaf-stationary layer (SPEC 4.9): ψ* = (L_F + V + ∂Φ)^{-1}(s), everything of SPEC 4.2–4.5
 * with L_w replaced by the connection Laplacian L_F.
 *
 * `@gsn/stationary`'s `stationaryState` / `stationaryVjp` build their operator from the layer's
 * graph inside (`layerOperator`), so they cannot take L_F. The two functions here are the same
 * skeleton written against an operator (apply, λ-bound, κ) — composed from the same pieces:
 * `forwardBackward`-type solvers, the potentials' prox / proxJvp / hessianVp, and the adjoint
 * forms of `AdjointMethod`. Only convex potentials are accepted (the stable-branch check of
 * stationary is tied to its layer type).
 */
import { InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import type { FixedPointMap, LinearOperator, ForwardBackwardProblem } from '@gsn/solvers';
import type { WeightedGraph } from '@gsn/graph';
import {
  assertStateShape,
  isSmooth,
  realInner,
  type AdjointMethod,
  type Potential,
  type StationaryState,
  type StationaryStateOptions,
} from '@gsn/stationary';
import type { Connection } from './connection';
import { sheafEdgeGradients, sheafLaplacian, type SheafOperator } from './sheaf-laplacian';

/**
 * One sheaf layer: undirected graph (edge weights), a connection (one map per edge),
 * channels c = d·f, V_i = κ + onsite_i, a convex potential.
 */
export interface SheafLayer {
  readonly graph: WeightedGraph;
  readonly connection: Connection;
  readonly channels: number;
  readonly kappa: number;
  readonly onsite?: Real;
  readonly potential: Potential;
}

export function sheafLayerOperator(layer: SheafLayer, like: Real): SheafOperator {
  if (!(layer.kappa > 0)) throw new InvalidArgumentError(`SheafLayer.kappa must be > 0, got ${layer.kappa}`);
  if (!layer.potential.convex) {
    throw new InvalidArgumentError(`SheafLayer: potential '${layer.potential.name}' is not convex (no stability check for sheaf layers)`);
  }
  const v = new (like.constructor as Float64ArrayConstructor)(layer.graph.nodes);
  for (let i = 0; i < v.length; i++) v[i] = layer.kappa + (layer.onsite ? layer.onsite[i] : 0);
  return sheafLaplacian(layer.graph, layer.connection, layer.channels, v);
}

/** Solves 0 ∈ H_Fψ + ∂Φ(ψ) − s by forward–backward with the given solver (SPEC 4.4 (a)). */
export function sheafState<O>(layer: SheafLayer, source: Real, options: StationaryStateOptions<O>): StationaryState {
  const n = layer.graph.nodes;
  assertStateShape(source, n, layer.channels, 'sheafState: source');
  const op = sheafLayerOperator(layer, source);
  const alpha = options.alpha ?? 1 / op.lambdaBound;
  if (!(alpha > 0 && alpha < 2 / op.lambdaBound)) {
    throw new InvalidArgumentError(`sheafState: alpha = ${alpha} must lie in (0, 2/Λ) = (0, ${2 / op.lambdaBound})`);
  }
  const z0 = options.z0 ?? zerosLike(source);
  assertStateShape(z0, n, layer.channels, 'sheafState: z0');
  const { potential, channels } = layer;
  const problem: ForwardBackwardProblem = {
    applyA: op.apply,
    source,
    alpha,
    prox: (z, a, out) => potential.prox(z, a, channels, out),
  };
  const result = options.solver(problem, z0, options.solverOptions);
  return { state: result.state, alpha, iterations: result.iterations, residuals: result.residuals, converged: result.converged, reason: result.reason };
}

/** dℓ/d(everything) of a sheaf layer; `maps` is dℓ/dO_e (chain through `connectionParamsVjp`). */
export interface SheafGradients {
  readonly source: Real;
  readonly weights: Float64Array;
  readonly maps: Float64Array;
  readonly onsite: Float64Array;
  readonly kappa: number;
  readonly strength: number | undefined;
  readonly adjointIterations: number;
}

/**
 * Reverse mode through one sheaf layer: one adjoint solve at ψ* (prox form
 * ζ = g + (I − αH_F)Dζ, λ = αDζ; or Hessian form (H_F + ∇²Φ)λ = g), then
 * dℓ/ds = λ, dℓ/dw_e, dℓ/dO_e (`sheafEdgeGradients`), dℓ/dV_i = −Re⟨λ_i, ψ_i⟩, dℓ/dκ = Σ_i dℓ/dV_i.
 */
export function sheafVjp<O>(
  layer: SheafLayer,
  forward: StationaryState,
  source: Real,
  cotangent: Real,
  method: AdjointMethod<O>,
): SheafGradients {
  const { graph, channels, potential } = layer;
  const psi = forward.state;
  assertStateShape(cotangent, graph.nodes, channels, 'sheafVjp: cotangent');
  assertStateShape(source, graph.nodes, channels, 'sheafVjp: source');
  const op = sheafLayerOperator(layer, psi);
  let lambda: Real;
  let strength: number | undefined;
  let adjointIterations: number;
  if (method.form === 'prox') {
    const alpha = forward.alpha;
    const zStar = zerosLike(psi);
    op.apply(psi, zStar);
    for (let i = 0; i < zStar.length; i++) zStar[i] = psi[i] - alpha * (zStar[i] - source[i]);
    const dz = zerosLike(psi);
    const hdz = zerosLike(psi);
    const map: FixedPointMap = (zeta, out) => {
      potential.proxJvp(zStar, alpha, channels, zeta, dz);
      op.apply(dz, hdz);
      for (let i = 0; i < out.length; i++) out[i] = cotangent[i] + dz[i] - alpha * hdz[i];
    };
    const solved = method.solver(map, zerosLike(psi), method.solverOptions);
    adjointIterations = solved.iterations;
    lambda = zerosLike(psi);
    potential.proxJvp(zStar, alpha, channels, solved.state, lambda);
    for (let i = 0; i < lambda.length; i++) lambda[i] *= alpha;
    if (potential.strength !== undefined && potential.proxStrengthDerivative) {
      potential.proxStrengthDerivative(zStar, alpha, channels, dz);
      strength = realInner(solved.state, dz);
    }
  } else {
    if (!isSmooth(potential)) {
      throw new InvalidArgumentError(`sheafVjp: the 'hessian' adjoint needs a smooth potential, got '${potential.name}'`);
    }
    const tmp = zerosLike(psi);
    const applyJ: LinearOperator = (v, out) => {
      op.apply(v, out);
      potential.hessianVp(psi, channels, v, tmp);
      for (let i = 0; i < out.length; i++) out[i] += tmp[i];
    };
    const solved = method.solver(applyJ, cotangent, zerosLike(psi), method.solverOptions);
    lambda = solved.state;
    adjointIterations = solved.iterations;
    if (potential.strength !== undefined && potential.gradientStrengthDerivative) {
      potential.gradientStrengthDerivative(psi, channels, tmp);
      strength = -realInner(lambda, tmp);
    }
  }
  const edge = sheafEdgeGradients(graph, layer.connection, channels, psi, lambda);
  const width = 2 * channels;
  const onsite = new Float64Array(graph.nodes);
  let kappa = 0;
  for (let i = 0; i < graph.nodes; i++) {
    let s = 0;
    for (let p = i * width; p < (i + 1) * width; p++) s -= lambda[p] * psi[p];
    onsite[i] = s;
    kappa += s;
  }
  return { source: lambda, weights: edge.weights, maps: edge.maps, onsite, kappa, strength, adjointIterations };
}
