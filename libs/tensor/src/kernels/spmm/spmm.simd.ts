/**
 * WebAssembly SIMD versions of the three CSR loops, for the wasm backend: they run directly on
 * the tfjs-wasm heap (the module imports tfjs's own `WebAssembly.Memory`), so nothing is copied
 * but the pattern. JS has no vector instructions, so the JS loops of `spmm.impl.ts` stay scalar;
 * here the inner loop over F handles four float32 lanes per instruction (f32x4).
 *
 * The module is tiny and written out below with a minimal binary encoder rather than shipped as
 * a compiled blob, so that it can be read. Every function takes byte offsets into memory.
 *   spmm(nRows, rowPtr, colIdx, values, x, f, out)       out += A X     (caller zeroes out)
 *   spmmT(nRows, rowPtr, colIdx, values, y, f, out)      out += Aᵀ Y    (caller zeroes out)
 *   sddmm(nRows, rowPtr, colIdx, dy, x, f, out)          out[k] = <dy[i], x[colIdx[k]]>
 * Preconditions (checked by the caller): f is a positive multiple of 4, every index is in range.
 */

// --- a minimal encoder: just the instructions used here -----------------------------------
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const add = [0x6a];
const sub = [0x6b];
const mul = [0x6c];
const shl = [0x74];
const geS = [0x4e];
const i32Load = (offset = 0) => [0x28, 2, ...uleb(offset)];
const f32LoadAt = (offset: number) => [0x2a, 2, ...uleb(offset)];
const f32StoreAt = (offset: number) => [0x38, 2, ...uleb(offset)];
const f32Add = [0x92];
const v128Load = [0xfd, 0x00, 4, 0];
const v128Store = [0xfd, 0x0b, 4, 0];
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const f32x4Splat = [0xfd, 0x13];
const f32x4Extract = (lane: number) => [0xfd, 0x1f, lane];
const f32x4Add = [0xfd, ...uleb(228)];
const f32x4Mul = [0xfd, ...uleb(230)];

/** `for (v = from; v < limit; v += step) body` with from/limit/step as instruction lists. */
function forLoop(v: number, from: number[], limit: number[], step: number, body: number[]): number[] {
  return [
    ...from, ...set(v),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(v), ...limit, ...geS, 0x0d, 1, // br_if exit when v >= limit
    ...body,
    ...get(v), ...i32(step), ...add, ...set(v),
    0x0c, 0, 0x0b, 0x0b, // br loop; end; end
  ];
}

// Every kernel has the parameters 0 nRows, 1 rowPtr, 2 colIdx, 3 a, 4 b, 5 f, 6 out (byte offsets)
// and these locals: i32 7 i, 8 k, 9 end, 10 fixed (byte offset of row i of the operand indexed by
// rows), 11 row1, 12 row2 (rows colIdx[k], colIdx[k+1] of the operand indexed by columns), 13 q (byte
// offset within a row), 14 rowBytes; v128 15 s1, 16 s2, 17 t.
const [i, k, end, fixed, row1, row2, q, rowBytes, s1, s2, t] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
const LOCALS = { i32: 8, v128: 3 };

const at = (row: number) => [...get(row), ...get(q), ...add];
const entryAddress = (base: number) => [...get(base), ...get(k), ...i32(2), ...shl, ...add];
/** Byte offset of row colIdx[k + offset / 4] of the operand at parameter `base`. */
const columnRow = (base: number, offset: number) => [
  ...get(base), ...entryAddress(2), ...i32Load(offset), ...get(rowBytes), ...mul, ...add,
];
const splatValue = (offset: number) => [...entryAddress(3), ...f32LoadAt(offset), ...f32x4Splat];
const laneSum = (v: number) => [
  ...get(v), ...f32x4Extract(0), ...get(v), ...f32x4Extract(1), ...f32Add,
  ...get(v), ...f32x4Extract(2), ...get(v), ...f32x4Extract(3), ...f32Add, ...f32Add,
];
const overRow = (body: number[]) => forLoop(q, i32(0), get(rowBytes), 16, body);

/**
 * for each row i: fixed = fixedBase + i * rowBytes; the entries of row i two at a time (two
 * independent rows of the other operand per step, so their cache misses overlap and the fixed row
 * is read or written half as often), then the last one if the row has an odd count.
 */
function rowKernel(fixedBase: number, pair: number[], single: number[]): number[] {
  const rowStart = [...get(1), ...get(i), ...i32(2), ...shl, ...add];
  const perRow = [
    ...get(fixedBase), ...get(i), ...get(rowBytes), ...mul, ...add, ...set(fixed),
    ...rowStart, ...i32Load(4), ...set(end),
    ...forLoop(k, [...rowStart, ...i32Load()], [...get(end), ...i32(1), ...sub], 2, pair),
    ...forLoop(k, get(k), get(end), 1, single),
  ];
  return [...get(5), ...i32(2), ...shl, ...set(rowBytes), ...forLoop(i, i32(0), get(0), 1, perRow)];
}

/** out[i] += Σ_k values[k] x[colIdx[k]]: a = values, b = x, fixed = row i of out. */
function spmmKernel(): number[] {
  const pair = [
    ...splatValue(0), ...set(s1), ...splatValue(4), ...set(s2),
    ...columnRow(4, 0), ...set(row1), ...columnRow(4, 4), ...set(row2),
    ...overRow([
      ...at(fixed),
      ...at(fixed), ...v128Load,
      ...get(s1), ...at(row1), ...v128Load, ...f32x4Mul, ...f32x4Add,
      ...get(s2), ...at(row2), ...v128Load, ...f32x4Mul, ...f32x4Add,
      ...v128Store,
    ]),
  ];
  const single = [
    ...splatValue(0), ...set(s1), ...columnRow(4, 0), ...set(row1),
    ...overRow([...at(fixed), ...at(fixed), ...v128Load, ...get(s1), ...at(row1), ...v128Load, ...f32x4Mul, ...f32x4Add, ...v128Store]),
  ];
  return rowKernel(6, pair, single);
}

/** out[colIdx[k]] += values[k] y[i]: a = values, b = y, fixed = row i of y (a scatter). */
function spmmTKernel(): number[] {
  // Rows colIdx[k] and colIdx[k+1] differ (columns are unique within a row of a CSR matrix).
  const scatter = (row: number, scale: number) => [
    ...at(row), ...at(row), ...v128Load, ...get(scale), ...get(t), ...f32x4Mul, ...f32x4Add, ...v128Store,
  ];
  const pair = [
    ...splatValue(0), ...set(s1), ...splatValue(4), ...set(s2),
    ...columnRow(6, 0), ...set(row1), ...columnRow(6, 4), ...set(row2),
    ...overRow([...at(fixed), ...v128Load, ...set(t), ...scatter(row1, s1), ...scatter(row2, s2)]),
  ];
  const single = [
    ...splatValue(0), ...set(s1), ...columnRow(6, 0), ...set(row1),
    ...overRow([...at(fixed), ...v128Load, ...set(t), ...scatter(row1, s1)]),
  ];
  return rowKernel(4, pair, single);
}

/** out[k] = <dy[i], x[colIdx[k]]>: a = dy, b = x, fixed = row i of dy. */
function sddmmKernel(): number[] {
  const accumulate = (acc: number, row: number) => [
    ...get(acc), ...get(t), ...at(row), ...v128Load, ...f32x4Mul, ...f32x4Add, ...set(acc),
  ];
  const pair = [
    ...columnRow(4, 0), ...set(row1), ...columnRow(4, 4), ...set(row2),
    ...v128Zero, ...set(s1), ...v128Zero, ...set(s2),
    ...overRow([...at(fixed), ...v128Load, ...set(t), ...accumulate(s1, row1), ...accumulate(s2, row2)]),
    ...entryAddress(6), ...laneSum(s1), ...f32StoreAt(0),
    ...entryAddress(6), ...laneSum(s2), ...f32StoreAt(4),
  ];
  const single = [
    ...columnRow(4, 0), ...set(row1), ...v128Zero, ...set(s1),
    ...overRow([...at(fixed), ...v128Load, ...set(t), ...accumulate(s1, row1)]),
    ...entryAddress(6), ...laneSum(s1), ...f32StoreAt(0),
  ];
  return rowKernel(3, pair, single);
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const funcBody = (code: number[]) => {
  const body = [...vec([[LOCALS.i32, I32], [LOCALS.v128, V128]]), ...code, 0x0b];
  return [...uleb(body.length), ...body];
};

const EXPORTS = ['spmm', 'spmmT', 'sddmm'] as const;

function moduleBytes(): Uint8Array {
  const sevenI32 = [0x60, ...vec(new Array(7).fill([I32])), 0];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([sevenI32])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0], [0], [0]])),
    ...section(7, vec(EXPORTS.map((e, idx) => [...name(e), 0x00, idx]))),
    ...section(10, vec([funcBody(spmmKernel()), funcBody(spmmTKernel()), funcBody(sddmmKernel())])),
  ]);
}

type SimdFn = (nRows: number, rowPtr: number, colIdx: number, a: number, b: number, f: number, out: number) => void;
export type SimdKernels = Record<(typeof EXPORTS)[number], SimdFn>;

/** The slice of the WebAssembly JS API used here (the workspace compiles without lib.dom). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A fresh linear memory of `pages` 64 KiB pages (for tests). */
export function newWasmMemory(pages: number): WasmMemory {
  return new wasmApi!.Memory({ initial: pages });
}

let compiled: object | null | undefined;
const instances = new WeakMap<WasmMemory, SimdKernels>();

/** The SIMD kernels bound to `memory`, or null where the engine lacks WebAssembly SIMD. */
export function simdKernelsFor(memory: WasmMemory): SimdKernels | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = wasmApi !== undefined && wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  if (compiled === null) return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = new wasmApi!.Instance(compiled, { env: { memory } }).exports as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}
