import { dot, ShapeError } from '@gsn/tensor';
import type { MlpSpec } from './mlp';
import { hiddenNeurons, neuronNorms, orbitGenerator } from './orbit';

/**
 * Scale drift of one gradient step θ⁺ = θ − ηg on L alone (SPEC 003 F4): since ⟨ξ_j, ∇L⟩ = 0,
 * Δ_j⁺ − Δ_j = η²(‖g_in,j‖² − ‖g_out,j‖²) exactly, for any depth.
 */
export function scaleDrift(spec: MlpSpec, grad: Float64Array, eta: number): Float64Array {
  const { inSq, outSq } = neuronNorms(spec, grad);
  return inSq.map((a, j) => eta * eta * (a - outSq[j]));
}

/**
 * The exact imbalance after a step θ⁺ = θ − ηg with any direction g (e.g. ∇L + ∇Ω):
 * Δ_j⁺ = Δ_j − 2η⟨ξ_j, g⟩ + η²(‖g_in,j‖² − ‖g_out,j‖²). With g = ∇L + ∇Ω_λ the middle term is
 * 2ηλ(KΔ)_j, the discrete dissipation of F3/F4.
 */
export function imbalanceAfterStep(spec: MlpSpec, theta: Float64Array, grad: Float64Array, eta: number): Float64Array {
  if (grad.length !== theta.length) throw new ShapeError(`grad has ${grad.length} entries, θ has ${theta.length}`);
  const { inSq, outSq } = neuronNorms(spec, theta);
  const drift = scaleDrift(spec, grad, eta);
  return Float64Array.from(hiddenNeurons(spec), (nrn, j) => inSq[j] - outSq[j] - 2 * eta * dot(orbitGenerator(spec, theta, nrn), grad) + drift[j]);
}
