import { InvalidArgumentError } from '@gsn/tensor';

// The number parsers of gsn's flags: each names the flag and the text it refused.

export function nonNegativeInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`--${flag} must be a non-negative integer, got '${text}'`);
  return Number(text);
}

export function positiveInt(flag: string, text: string): number {
  const v = nonNegativeInt(flag, text);
  if (v === 0) throw new InvalidArgumentError(`--${flag} must be positive, got '${text}'`);
  return v;
}

export function nonNegativeNumber(flag: string, text: string): number {
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(v) && v >= 0)) throw new InvalidArgumentError(`--${flag} must be a non-negative number, got '${text}'`);
  return v;
}

export function positiveNumber(flag: string, text: string): number {
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(`--${flag} must be a positive number, got '${text}'`);
  return v;
}

/** `positiveInt`, or `fallback` when the flag was not given. */
export function optionalPositiveInt(flag: string, text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : positiveInt(flag, text);
}
