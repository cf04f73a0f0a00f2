import * as tf from '@tensorflow/tfjs';
import type { CheckpointArray } from '@gsn/distributed';
import type { Params } from '@gsn/nn';
import type { OptState } from '@gsn/optim';
import { InvalidArgumentError } from '@gsn/tensor';

/**
 * Optimizer states are nested containers of tensors and numbers (Adam: `{count, mu, nu}`).
 * `flattenTensors` names each tensor by its path (`opt.mu.input.w`) and each number goes into
 * `numbers`; `restoreTensors` rebuilds a container of the same shape from a template (the
 * optimizer's `init`), so a resumed run has exactly the saved moments and step.
 */
export function flattenTensors(
  container: tf.TensorContainer,
  prefix: string,
  tensors: Record<string, CheckpointArray>,
  numbers: Record<string, number>,
): void {
  if (container instanceof tf.Tensor) {
    tensors[prefix] = container.dtype === 'int32' ? Int32Array.from(container.dataSync()) : Float32Array.from(container.dataSync());
  } else if (typeof container === 'number') {
    numbers[prefix] = container;
  } else if (container && typeof container === 'object') {
    for (const [k, v] of Object.entries(container)) flattenTensors(v as tf.TensorContainer, `${prefix}.${k}`, tensors, numbers);
  }
}

export function restoreTensors<T extends tf.TensorContainer>(
  template: T,
  prefix: string,
  tensors: Readonly<Record<string, CheckpointArray>>,
  numbers: Readonly<Record<string, number>>,
): T {
  if (template instanceof tf.Tensor) {
    const saved = tensors[prefix];
    if (!saved || saved.length !== template.size) {
      throw new InvalidArgumentError(`checkpoint of another model: tensor '${prefix}' is missing or has ${saved?.length ?? 0} values, the model needs ${template.size}`);
    }
    return tf.tensor(saved, template.shape, template.dtype) as unknown as T;
  }
  if (typeof template === 'number') {
    if (typeof numbers[prefix] !== 'number') throw new InvalidArgumentError(`checkpoint of another model: number '${prefix}' is missing`);
    return numbers[prefix] as unknown as T;
  }
  if (Array.isArray(template)) return template.map((v, i) => restoreTensors(v, `${prefix}.${i}`, tensors, numbers)) as unknown as T;
  if (template && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [k, restoreTensors(v as tf.TensorContainer, `${prefix}.${k}`, tensors, numbers)]),
    ) as T;
  }
  return template;
}

/** Frees every tensor of a container (templates built only to learn a shape). */
export function disposeContainer(container: tf.TensorContainer | Params | OptState): void {
  tf.dispose(container as tf.TensorContainer);
}
