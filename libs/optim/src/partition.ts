import { InvalidArgumentError } from '@gsn/tensor';
import type { GradientTransformation, OptState, Params } from './transform';

function select(record: Params, names: readonly string[]): Params {
  const out: Record<string, Params[string]> = {};
  for (const n of names) out[n] = record[n];
  return out;
}

/**
 * Sends each parameter group to its own transform (Optax `partition`): `labelOf(name)` names
 * the group of a parameter, `transforms[group]` updates that group's gradients only, with
 * its own state. Every parameter must have a group with a transform.
 *
 * @example partition({ graph: naturalGradient(metric), net: adam(0.01) }, (n) => (n.startsWith('edge') ? 'graph' : 'net'))
 */
export function partition(
  transforms: Readonly<Record<string, GradientTransformation>>,
  labelOf: (name: string) => string,
): GradientTransformation<Record<string, OptState>> {
  const groups = (params: Params): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    for (const g of Object.keys(transforms)) out[g] = [];
    for (const name of Object.keys(params)) {
      const g = labelOf(name);
      if (!(g in transforms)) {
        throw new InvalidArgumentError(`partition: parameter '${name}' has group '${g}', which has no transform`);
      }
      out[g].push(name);
    }
    return out;
  };
  return {
    init(params) {
      const names = groups(params);
      const state: Record<string, OptState> = {};
      for (const g of Object.keys(transforms)) state[g] = transforms[g].init(select(params, names[g]));
      return state;
    },
    update(grads, state, params) {
      const names = groups(grads);
      const updates: Record<string, Params[string]> = {};
      const next: Record<string, OptState> = {};
      for (const g of Object.keys(transforms)) {
        const r = transforms[g].update(select(grads, names[g]), state[g], select(params, names[g]));
        Object.assign(updates, r.updates);
        next[g] = r.state;
      }
      return { updates, state: next };
    },
  };
}
