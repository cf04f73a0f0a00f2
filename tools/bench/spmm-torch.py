"""torch.sparse.mm timings for `npm run bench -- spmm` (the gsn side writes the graphs).

usage: python3 spmm-torch.py DIR COLS GRAPH [GRAPH ...]
Reads DIR/GRAPH.meta.json ({nRows, nCols, nnz}), DIR/GRAPH.rowptr.bin (int32),
DIR/GRAPH.colidx.bin (int32) and DIR/GRAPH.values.bin (float32), and prints one JSON line per
graph and pass, median milliseconds: forward (fixed A, no grad); forward+backward (A X, Aᵀ dy and
the value gradient as explicit torch ops, the work gsn does); forward+backward autograd
(torch.sparse.mm's own gradient w.r.t. X and A's values, skipped where torch 1.13 would need a dense
nRows x nCols buffer over 1 GB). Prints a single {"skipped": ...} line when torch
cannot be imported. Threads: torch.set_num_threads(OMP_NUM_THREADS or 2).
"""
import json
import os
import sys
import time


def median_ms(fn, warmup, reps, min_total_s=0.5):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < reps[1] and (len(times) < reps[0] or time.perf_counter() - start < min_total_s):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2], len(times)


def main():
    try:
        import numpy as np
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means: no torch baseline
        print(json.dumps({"skipped": f"torch unavailable: {e}"}))
        return 0
    directory, cols, graphs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    for g in graphs:
        meta = json.load(open(os.path.join(directory, g + ".meta.json")))
        n_rows, n_cols, nnz = meta["nRows"], meta["nCols"], meta["nnz"]
        rowptr = np.fromfile(os.path.join(directory, g + ".rowptr.bin"), dtype=np.int32)
        colidx = np.fromfile(os.path.join(directory, g + ".colidx.bin"), dtype=np.int32)
        values = torch.from_numpy(np.fromfile(os.path.join(directory, g + ".values.bin"), dtype=np.float32))
        rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(rowptr))
        indices = torch.from_numpy(np.stack([rows, colidx.astype(np.int64)]))
        x = torch.rand(n_cols, cols, generator=gen, requires_grad=True)
        dy = torch.rand(n_rows, cols, generator=gen)
        a_fixed = torch.sparse_coo_tensor(indices, values, (n_rows, n_cols)).coalesce()
        v = values.clone().requires_grad_()
        big = nnz > 200_000
        reps = (2, 3) if big else (5, 200)

        at_fixed = a_fixed.t().coalesce()
        rows_t = torch.from_numpy(rows)
        cols_t = torch.from_numpy(colidx.astype(np.int64))

        def forward():
            with torch.no_grad():
                torch.sparse.mm(a_fixed, x)

        def autograd_step():
            # The values are a leaf, so A is rebuilt from them every step, as in training.
            # torch 1.13 differentiates sparse.mm in the values through a dense nRows x nCols
            # product (grad @ x.T, then masked), so this is O(n^2) memory and time.
            a = torch.sparse_coo_tensor(indices, v, (n_rows, n_cols)).coalesce()
            y = torch.sparse.mm(a, x)
            y.backward(dy)
            v.grad = None
            x.grad = None

        def manual_step():
            # The same three products gsn runs, as explicit torch ops: A X, A^T dy, and the
            # value gradient as a gathered row-wise dot product (SDDMM).
            with torch.no_grad():
                torch.sparse.mm(a_fixed, x)
                torch.sparse.mm(at_fixed, dy)
                (dy.index_select(0, rows_t) * x.index_select(0, cols_t)).sum(1)

        dense_bytes = 4 * n_rows * n_cols
        passes = [("forward", forward, None), ("forward+backward", manual_step, "manual: sparse.mm, sparse.mm of A^T, gather SDDMM")]
        if dense_bytes <= 1e9:
            passes.append(("forward+backward autograd", autograd_step, "torch.sparse.mm autograd, values and x"))
        else:
            print(json.dumps({"graph": g, "pass": "forward+backward autograd",
                              "skipped": f"torch.sparse.mm autograd would allocate a dense {n_rows} x {n_cols} gradient ({dense_bytes / 1e9:.0f} GB)"}))
        for name, fn, how in passes:
            ms, n = median_ms(fn, 1 if big else 3, reps)
            line = {"graph": g, "pass": name, "torchMs": round(ms, 4), "reps": n, "threads": threads, "torch": torch.__version__}
            if how:
                line["how"] = how
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
