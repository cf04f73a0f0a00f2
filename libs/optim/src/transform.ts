import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';

/** Parameters (and gradients, and updates): a plain record of tensors, keyed by name. */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** Optimizer state: any tfjs tensor container (records, arrays, numbers, tensors). */
export type OptState = tf.TensorContainer;

/**
 * An optimizer step as a pair of pure functions (Optax's `GradientTransformation`):
 * `init(params)` builds the state, `update(grads, state, params)` maps gradients to updates
 * and returns the next state. Nothing is hidden: the caller owns `state` between steps.
 *
 * Tensors: `update` allocates new tensors; call it inside `tf.tidy` and release the previous
 * state with `disposeStale(previous, next)` (a transform may pass tensors through unchanged).
 */
export interface GradientTransformation<S extends OptState = OptState> {
  init(params: Params): S;
  update(grads: Params, state: S, params: Params): { updates: Params; state: S };
}

/** Maps `f` over the entries of a record, keeping its keys. */
export function mapParams(record: Params, f: (value: tf.Tensor, name: string) => tf.Tensor): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const name of Object.keys(record)) out[name] = f(record[name], name);
  return out;
}

/** Checks that `other` has exactly the keys of `reference`; `what` names `other` in the error. */
export function assertSameKeys(reference: Params, other: Params, what: string): void {
  const a = Object.keys(reference).sort();
  const b = Object.keys(other).sort();
  if (a.length !== b.length || a.some((k, i) => k !== b[i])) {
    throw new InvalidArgumentError(`${what} has keys [${b.join(', ')}], expected [${a.join(', ')}]`);
  }
}

/**
 * Composes transforms left to right: the updates of one are the gradients of the next
 * (Optax `chain`). The state is the tuple of the sub-states.
 *
 * @example const adamL2 = chain(addDecayedWeights(5e-4), scaleByAdam(), scaleByLearningRate(0.01));
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<OptState[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update(grads, state, params) {
      let updates = grads;
      const next: OptState[] = [];
      transforms.forEach((t, i) => {
        const r = t.update(updates, state[i], params);
        updates = r.updates;
        next.push(r.state);
      });
      return { updates, state: next };
    },
  };
}

/** `params + updates`, entry by entry (new tensors; the inputs are left alone). */
export function applyUpdates(params: Params, updates: Params): Params {
  assertSameKeys(params, updates, 'updates');
  return mapParams(params, (p, name) => tf.add(p, updates[name]));
}

function tensorsOf(container: tf.TensorContainer, into: tf.Tensor[] = []): tf.Tensor[] {
  if (container instanceof tf.Tensor) into.push(container);
  else if (Array.isArray(container)) for (const c of container) tensorsOf(c, into);
  else if (container !== null && typeof container === 'object' && !ArrayBuffer.isView(container)) {
    for (const c of Object.values(container)) tensorsOf(c as tf.TensorContainer, into);
  }
  return into;
}

/**
 * Disposes every tensor of `previous` that `next` no longer holds: the way to release an old
 * optimizer state (or parameter record) after a step without freeing tensors passed through.
 */
export function disposeStale(previous: tf.TensorContainer, next: tf.TensorContainer): void {
  const keep = new Set(tensorsOf(next).map((t) => t.id));
  for (const t of tensorsOf(previous)) if (!keep.has(t.id) && !t.isDisposed) t.dispose();
}
