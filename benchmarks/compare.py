#!/usr/bin/env python3
"""Side-by-side benchmark of jgrad against PyTorch and NumPy on OpenBLAS (see benchmarks/README.md).

Run through benchmarks/compare, which builds jgrad first. This script runs:
  - jgrad's dev.jgrad.benchmarks.Compare with -Djgrad.threads=1 (all workloads) and =2 (the matmul);
  - itself as workers: PyTorch with torch.set_num_threads(1), NumPy, each with OpenBLAS on 1 thread,
    and both on 2 threads for the two-thread matmul row;
then prints the table of the issue's targets with the ratios, the BLAS library and its sgemm rate.

Ratios are speed ratios: the other framework's time divided by jgrad's (> 1 means jgrad is faster).
"""
import argparse
import ctypes
import datetime
import json
import os
import platform
import subprocess
import sys
import time

PY = "/usr/bin/python3"  # Debian's python3-torch and python3-numpy live here, not in a pyenv


# ---------------------------------------------------------------------------------------------
# workers (run in a child process, so that the BLAS thread count is set before the library loads)

def best_time(fn, warmup, runs, inner=1):
    """The best of several timed runs: on a shared machine, interference only ever adds time."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t) / inner)
    return min(times)


def blas_info():
    """The BLAS shared library this process loaded, and OpenBLAS's own account of itself."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower() and path.startswith("/"):
                libs.add(os.path.realpath(path))
    info = {"libraries": sorted(libs)}
    for lib in sorted(libs):
        try:
            handle = ctypes.CDLL(lib)
            handle.openblas_get_config.restype = ctypes.c_char_p
            handle.openblas_get_corename.restype = ctypes.c_char_p
            info["openblas_config"] = handle.openblas_get_config().decode()
            info["openblas_core"] = handle.openblas_get_corename().decode()
            info["openblas_threads"] = handle.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


def torch_worker(threads, only):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {}

    def want(name):
        return not only or name in only

    for n in (512, 1024):
        if want("matmul%d" % n):
            a = torch.randn(n, n)
            b = torch.randn(n, n)
            out["matmul%d" % n] = best_time(lambda: a @ b, 5 if n == 1024 else 20, 7 if n == 1024 else 21)
    if want("dgemm1024"):
        a = torch.randn(1024, 1024, dtype=torch.float64)
        b = torch.randn(1024, 1024, dtype=torch.float64)
        out["dgemm1024"] = best_time(lambda: a @ b, 3, 7)
    if want("mlp_shapes"):
        x = torch.rand(128, 784)
        w = torch.rand(784, 256)
        g = torch.rand(128, 256)
        out["mlp_fwd"] = best_time(lambda: x @ w, 50, 21, 10)
        out["mlp_dw"] = best_time(lambda: x.t() @ g, 50, 21, 10)
        out["mlp_dx"] = best_time(lambda: g @ w.t(), 50, 21, 10)
    if want("tiny"):
        x = torch.tensor([0.1, -0.2, 0.3, 0.4], requires_grad=True)

        def tiny():
            y = x
            for _ in range(500):
                y = torch.tanh(y * 1.01)
            y.sum().backward()
            x.grad = None
        out["tiny"] = best_time(tiny, 20, 15, 5) / 1001
    if want("mlp_epoch"):
        gen = torch.Generator().manual_seed(10)
        batches = []
        for start in range(0, 60000, 128):
            n = min(128, 60000 - start)
            batches.append((torch.rand(n, 784, generator=gen), torch.randint(0, 10, (n,), generator=gen)))
        params = [
            (torch.randn(784, 256) * (2 / 784) ** 0.5).requires_grad_(), torch.zeros(256, requires_grad=True),
            (torch.randn(256, 128) * (2 / 256) ** 0.5).requires_grad_(), torch.zeros(128, requires_grad=True),
            (torch.randn(128, 10) * (2 / 128) ** 0.5).requires_grad_(), torch.zeros(10, requires_grad=True)]
        w1, b1, w2, b2, w3, b3 = params

        def step(xb, yb):
            h1 = torch.relu(torch.addmm(b1, xb, w1))
            h2 = torch.relu(torch.addmm(b2, h1, w2))
            loss = F.cross_entropy(torch.addmm(b3, h2, w3), yb)
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p.sub_(0.05 * p.grad)
                    p.grad = None
            return loss

        def epoch():
            for xb, yb in batches:
                step(xb, yb)
        for i in range(300):
            step(*batches[i])
        out["mlp_epoch"] = best_time(epoch, 0, 3)
    if want("logreg"):
        gen = torch.Generator().manual_seed(20)
        X = torch.rand(12000, 784, generator=gen)
        Y = torch.randint(0, 2, (12000, 1), generator=gen).float()
        w = torch.zeros(784, 1, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)

        def train():
            with torch.no_grad():
                w.zero_()
                b.zero_()
            for _ in range(100):
                loss = F.binary_cross_entropy_with_logits(torch.addmm(b, X, w), Y)
                loss.backward()
                with torch.no_grad():
                    w.sub_(0.1 * w.grad)
                    b.sub_(0.1 * b.grad)
                    w.grad = None
                    b.grad = None
        out["logreg"] = best_time(train, 1, 3)
    if want("elementwise"):
        n = 1 << 20
        a = torch.rand(n) * 2 - 1
        b = torch.rand(n) * 2 - 1
        out["copy"] = best_time(lambda: a.clone(), 100, 21, 20)
        out["add"] = best_time(lambda: a + b, 100, 21, 20)
        out["mul"] = best_time(lambda: a * b, 100, 21, 20)
        out["tanh"] = best_time(lambda: torch.tanh(a), 50, 21, 10)
        out["exp"] = best_time(lambda: torch.exp(a), 50, 21, 10)
        out["sigmoid"] = best_time(lambda: torch.sigmoid(a), 50, 21, 10)
    return out


def numpy_worker(threads, only):
    import numpy as np
    rng = np.random.default_rng(0)
    out = {}

    def want(name):
        return not only or name in only

    def f32(*shape):
        return rng.random(shape, dtype=np.float32)

    for n in (512, 1024):
        if want("matmul%d" % n):
            a = f32(n, n)
            b = f32(n, n)
            out["matmul%d" % n] = best_time(lambda: a @ b, 5 if n == 1024 else 20, 7 if n == 1024 else 21)
    if want("dgemm1024"):
        a = rng.random((1024, 1024))
        b = rng.random((1024, 1024))
        out["dgemm1024"] = best_time(lambda: a @ b, 3, 7)
    if want("mlp_shapes"):
        x = f32(128, 784)
        w = f32(784, 256)
        g = f32(128, 256)
        out["mlp_fwd"] = best_time(lambda: x @ w, 50, 21, 10)
        out["mlp_dw"] = best_time(lambda: x.T @ g, 50, 21, 10)
        out["mlp_dx"] = best_time(lambda: g @ w.T, 50, 21, 10)
    if want("mlp_epoch"):
        # The same network with its backward pass written by hand (NumPy has no autograd).
        batches = []
        for start in range(0, 60000, 128):
            n = min(128, 60000 - start)
            batches.append((f32(n, 784), rng.integers(0, 10, n)))
        w1 = (rng.standard_normal((784, 256)) * (2 / 784) ** 0.5).astype(np.float32)
        w2 = (rng.standard_normal((256, 128)) * (2 / 256) ** 0.5).astype(np.float32)
        w3 = (rng.standard_normal((128, 10)) * (2 / 128) ** 0.5).astype(np.float32)
        b1 = np.zeros(256, np.float32)
        b2 = np.zeros(128, np.float32)
        b3 = np.zeros(10, np.float32)
        params = [w1, b1, w2, b2, w3, b3]

        def step(xb, yb):
            h1 = xb @ w1 + b1
            a1 = np.maximum(h1, 0)
            h2 = a1 @ w2 + b2
            a2 = np.maximum(h2, 0)
            z = a2 @ w3 + b3
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            p = e / e.sum(axis=1, keepdims=True)
            n = len(yb)
            dz = p
            dz[np.arange(n), yb] -= 1
            dz /= n
            grads = [None] * 6
            grads[4] = a2.T @ dz
            grads[5] = dz.sum(axis=0)
            dh2 = (dz @ w3.T) * (h2 > 0)
            grads[2] = a1.T @ dh2
            grads[3] = dh2.sum(axis=0)
            dh1 = (dh2 @ w2.T) * (h1 > 0)
            grads[0] = xb.T @ dh1
            grads[1] = dh1.sum(axis=0)
            for q, dq in zip(params, grads):
                q -= np.float32(0.05) * dq

        def epoch():
            for xb, yb in batches:
                step(xb, yb)
        for i in range(300):
            step(*batches[i])
        out["mlp_epoch"] = best_time(epoch, 0, 3)
    if want("logreg"):
        X = f32(12000, 784)
        Y = rng.integers(0, 2, (12000, 1)).astype(np.float32)

        def train():
            w = np.zeros((784, 1), np.float32)
            b = np.zeros(1, np.float32)
            for _ in range(100):
                z = X @ w + b
                g = (1 / (1 + np.exp(-z)) - Y) / len(Y)
                w -= np.float32(0.1) * (X.T @ g)
                b -= np.float32(0.1) * g.sum(axis=0)
        out["logreg"] = best_time(train, 1, 3)
    if want("elementwise"):
        n = 1 << 20
        a = f32(n) * 2 - 1
        b = f32(n) * 2 - 1
        out["copy"] = best_time(lambda: a.copy(), 100, 21, 20)
        out["add"] = best_time(lambda: a + b, 100, 21, 20)
        out["mul"] = best_time(lambda: a * b, 100, 21, 20)
        out["tanh"] = best_time(lambda: np.tanh(a), 50, 21, 10)
        out["exp"] = best_time(lambda: np.exp(a), 50, 21, 10)
        out["sigmoid"] = best_time(lambda: 1 / (1 + np.exp(-a)), 50, 21, 10)
    if True:  # always: the measured rate of the BLAS in use is part of every report
        a = f32(1024, 1024)
        b = f32(1024, 1024)
        out["sgemm_gflops"] = 2 * 1024 ** 3 / best_time(lambda: a @ b, 5, 9) / 1e9
    out["blas"] = blas_info()
    return out


# ---------------------------------------------------------------------------------------------
# the driver

CORETYPE = None  # set by --vector-bits 256: OpenBLAS's AVX2 kernels, to compare with jgrad at 256 bits


def blas_env(threads):
    env = dict(os.environ)
    # A forced core type or cache size would make OpenBLAS run a kernel not meant for this CPU,
    # unless asked for on purpose (--vector-bits).
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    if CORETYPE:
        env["OPENBLAS_CORETYPE"] = CORETYPE
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    return env


def run_worker(kind, threads, only):
    cmd = [PY, os.path.abspath(__file__), "--worker", kind, "--threads", str(threads)] + list(only)
    result = subprocess.run(cmd, env=blas_env(threads), capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit("%s worker failed" % kind)
    return json.loads(result.stdout.strip().splitlines()[-1])


VECTOR_BITS = None  # --vector-bits: jgrad's forced width


def run_jgrad(java, classpath, threads, only, quick):
    flags = ["-Djgrad.vectorBits=%d" % VECTOR_BITS] if VECTOR_BITS else []
    cmd = [java, "--add-modules", "jdk.incubator.vector", "-Djgrad.threads=%d" % threads] + flags + [
        "-cp", classpath, "dev.jgrad.benchmarks.Compare"] + (["--quick"] if quick else []) + list(only)
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit("jgrad failed")
    out = {}
    for line in result.stdout.splitlines():
        name, value = line.split()
        out[name] = float(value)
    return out


def merge_best(best, result):
    """Keeps the smaller time per workload (the larger rate for sgemm_gflops)."""
    for key, value in result.items():
        if not isinstance(value, (int, float)):
            best.setdefault(key, value)
        elif key not in best:
            best[key] = value
        else:
            best[key] = max(best[key], value) if key.endswith("gflops") else min(best[key], value)


def fmt(x, unit):
    if x is None:
        return "n/a"
    if unit == "GFLOPS":
        return "%.1f GFLOPS" % x
    if unit == "us":
        return "%.2f µs" % (x * 1e6)
    if unit == "ms":
        return "%.3f ms" % (x * 1e3)
    if unit == "s":
        return "%.3f s" % x
    if unit == "MB":
        return "%.2f MB" % (x / 1e6)
    return str(x)


def ratio(other, mine):
    if other is None or mine is None:
        return "n/a"
    return "%.2f×" % (other / mine)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=["torch", "numpy"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--java", default="java")
    parser.add_argument("--classpath")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--vector-bits", type=int, choices=[256],
                        help="jgrad forced to 256-bit vectors, OpenBLAS to its AVX2 (Haswell) kernels")
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    global CORETYPE, VECTOR_BITS
    if args.vector_bits == 256:
        CORETYPE, VECTOR_BITS = "Haswell", 256
    if args.worker:
        result = (torch_worker if args.worker == "torch" else numpy_worker)(args.threads, args.only)
        print(json.dumps(result))
        return

    only = args.only
    load_before = os.getloadavg()
    two = not only or "matmul1024" in only
    two_jobs = ["matmul1024", "mlp_shapes", "mlp_epoch"]
    # The frameworks take turns, round after round, and each keeps its best time per workload, so
    # that a burst of load from elsewhere on the machine does not land on one side only.
    j1, t1, n1, j2, t2, n2 = {}, {}, {}, {}, {}, {}
    for _ in range(args.rounds):
        merge_best(j1, run_jgrad(args.java, args.classpath, 1, only, args.quick))
        merge_best(t1, run_worker("torch", 1, only))
        merge_best(n1, run_worker("numpy", 1, only))
        if two:
            merge_best(j2, run_jgrad(args.java, args.classpath, 2, two_jobs, args.quick))
            merge_best(t2, run_worker("torch", 2, two_jobs))
            merge_best(n2, run_worker("numpy", 2, ["matmul1024"]))
    load_after = os.getloadavg()

    blas = n1["blas"]
    print("# jgrad vs PyTorch vs NumPy, %s" % datetime.date.today().isoformat())
    print()
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    java_version = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import_versions = subprocess.run(
        [PY, "-c", "import torch, numpy; print(torch.__version__, numpy.__version__)"],
        capture_output=True, text=True).stdout.split()
    print("- machine: %s, %d cores; load average %.2f before, %.2f after" % (
        cpu, os.cpu_count(), load_before[0], load_after[0]))
    print("- jgrad on %s; PyTorch %s and NumPy %s (Debian)" % (java_version, *import_versions))
    print("- BLAS: %s (%s), core %s; NumPy sgemm 1024: %.1f GFLOPS on 1 thread, %s on 2" % (
        ", ".join(blas.get("libraries", [])) or "?", blas.get("openblas_config", "not OpenBLAS"),
        blas.get("openblas_core", "?"), n1["sgemm_gflops"], ("%.1f GFLOPS" % n2["sgemm_gflops"]) if two else "n/a"))
    print("- one thread everywhere unless said; best time of %d interleaved rounds, each the best of several runs"
          % args.rounds)
    if VECTOR_BITS:
        print("- jgrad forced to %d-bit vectors (-Djgrad.vectorBits=%d), OpenBLAS to OPENBLAS_CORETYPE=%s"
              % (VECTOR_BITS, VECTOR_BITS, CORETYPE))
    print("- ratio = other's time / jgrad's (> 1: jgrad faster)")
    print()
    print("| workload | jgrad | PyTorch | NumPy | vs PyTorch | vs NumPy | target |")
    print("|---|---|---|---|---|---|---|")

    def row(label, key, unit, target, flops=None):
        mine, theirs, np_ = j1.get(key), t1.get(key), n1.get(key)
        if flops:
            show = lambda t: None if t is None else flops / t / 1e9
            cells = [fmt(show(mine), "GFLOPS"), fmt(show(theirs), "GFLOPS"), fmt(show(np_), "GFLOPS")]
        else:
            cells = [fmt(mine, unit), fmt(theirs, unit), fmt(np_, unit)]
        if mine is None and theirs is None and np_ is None:
            return
        print("| %s | %s | %s | %s | %s | %s | %s |" % (label, *cells, ratio(theirs, mine), ratio(np_, mine), target))

    row("matmul 512×512 f32", "matmul512", None, "≥ 0.9×", 2 * 512 ** 3)
    row("matmul 1024×1024 f32", "matmul1024", None, "≥ 0.9×", 2 * 1024 ** 3)
    mlp_flops = 2 * 128 * 784 * 256
    row("MLP fwd 128×784 · 784×256", "mlp_fwd", None, "≥ 0.9×", mlp_flops)
    row("MLP dW = xᵀ·g (784×128 · 128×256)", "mlp_dw", None, "≥ 0.9×", mlp_flops)
    row("MLP dx = g·Wᵀ (128×256 · 256×784)", "mlp_dx", None, "≥ 0.9×", mlp_flops)
    row("matmul 1024×1024 f64", "dgemm1024", None, "≥ 0.85×", 2 * 1024 ** 3)
    row("tiny ops: 500 × tanh(1.01·y), 4 elements, fwd+bwd, per op", "tiny", "us", "≥ 10× (≤ 0.4 µs)")
    row("MLP 784-256-128-10, 469 SGD steps", "mlp_epoch", "s", "≥ 1.3×")
    row("logistic regression, 100 GD steps, 12000×784", "logreg", "s", "≥ 1.5×")
    row("add, 1M f32", "add", "us", "≥ 1.0×")
    row("mul, 1M f32", "mul", "us", "≥ 1.0×")
    row("copy (new array), 1M f32", "copy", "us", "")
    row("tanh, 1M f32", "tanh", "us", "≥ 1.0×")
    row("exp, 1M f32", "exp", "us", "≥ 1.0×")
    row("sigmoid, 1M f32", "sigmoid", "us", "≥ 1.0×")
    if "add" in j1:
        print()
        print("- elementwise vs a plain Java array copy (allocate + System.arraycopy, %s): add %.2f×, mul %.2f× "
              "the copy's time (target ≤ 1.2×)" % (fmt(j1["copy"], "us"), j1["add"] / j1["copy"], j1["mul"] / j1["copy"]))
        print("- transcendental vs scalar Math.tanh loop (%s): tanh %.1f× faster (target ≥ 10×)" % (
            fmt(j1["tanh_scalar"], "us"), j1["tanh_scalar"] / j1["tanh"]))
    if "mlp_bytes" in j1:
        print("- bytes allocated per MLP step (ThreadMXBean, one thread): %s with gradients set to None (as the "
              "PyTorch side), %s with zeroGrad(false); the step's activations and gradients: %s" % (
                  fmt(j1["mlp_bytes"], "MB"), fmt(j1["mlp_bytes_in_place"], "MB"), fmt(j1["mlp_needed_bytes"], "MB")))
    if "mlp_epoch_in_place" in j1:
        print("- MLP epoch with zeroGrad(false) (gradients zeroed in place, their arrays kept): jgrad %s, %s PyTorch's "
              "epoch with set_to_none" % (fmt(j1["mlp_epoch_in_place"], "s"), ratio(t1.get("mlp_epoch"), j1["mlp_epoch_in_place"])))
    if two:
        print("- two threads vs one, matmul 1024: jgrad %.2f× (%.1f GFLOPS), PyTorch/OpenBLAS %.2f×, NumPy/OpenBLAS "
              "%.2f× (target ≥ 1.8×)" % (
                  j1["matmul1024"] / j2["matmul1024"], 2 * 1024 ** 3 / j2["matmul1024"] / 1e9,
                  t1["matmul1024"] / t2["matmul1024"], n1["matmul1024"] / n2["matmul1024"]))
        best_torch = min(t1["mlp_epoch"], t2["mlp_epoch"]) if "mlp_epoch" in t1 else None
        if best_torch:
            print("- MLP epoch on two threads: jgrad %s, PyTorch %s on 2 threads (%s on 1): %.2f× PyTorch's best "
                  "setting (target ≥ 1.8×); jgrad 2 threads vs 1: %.2f×" % (
                      fmt(j2["mlp_epoch"], "s"), fmt(t2["mlp_epoch"], "s"), fmt(t1["mlp_epoch"], "s"),
                      best_torch / j2["mlp_epoch"], j1["mlp_epoch"] / j2["mlp_epoch"]))
        print("- two threads vs one, MLP shapes (fwd, dW, dx): jgrad %s (target ≥ 1.8×)" % ", ".join(
            "%.2f×" % (j1[k] / j2[k]) for k in ("mlp_fwd", "mlp_dw", "mlp_dx")))
        print("- two threads, MLP shapes (fwd, dW, dx): jgrad %s; PyTorch %s" % (
            ", ".join("%.1f" % (mlp_flops / j2[k] / 1e9) for k in ("mlp_fwd", "mlp_dw", "mlp_dx")) + " GFLOPS",
            ", ".join("%.1f" % (mlp_flops / t2[k] / 1e9) for k in ("mlp_fwd", "mlp_dw", "mlp_dx")) + " GFLOPS"))


if __name__ == "__main__":
    main()
