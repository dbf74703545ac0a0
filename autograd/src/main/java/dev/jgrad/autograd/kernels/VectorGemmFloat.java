package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C (+)= op(A)·op(B) for {@code float[]}, packed and register-tiled in the manner of BLIS/GotoBLAS.
 * Loaded only when {@link Kernels#SIMD} is true. {@code VectorGemmDouble} is generated from this file
 * by replacing {@code float} with {@code double}; GemmTwinTest keeps the two in step.
 *
 * <p>Loops, outermost first: column blocks of {@code NC}; k blocks of at most {@code KC_MAX}, all of
 * one length (784 = 7 × 112, not 6 × 128 + 16) so that no block is a short, inefficient one; B's
 * block packed into column panels {@code NR} wide; then, for each row panel of A ({@code MR} rows),
 * the panel packed into a buffer that stays in L1 and the micro-kernel run over every column panel
 * of B. Packing A one panel at a time, rather than a block of many panels (BLIS's MC) that sits in
 * L2, keeps the pack's writes in L1: measured on Zen 3, 10–20% faster on the MLP's shapes
 * (128 × 784 · 784 × 256 and its backward) and no slower on squares.
 *
 * <p>Packing is where the transposes go: A is read as A or Aᵀ and B as B or Bᵀ through the pack
 * routines, and the micro-kernel never knows. The packs are padded with zeros to whole panels, so the
 * micro-kernel always computes a full tile; tiles at the right and bottom edges are written through a
 * scratch tile.
 *
 * <p>The micro-kernel is straight-line code in one method with 12 accumulators (6 rows × 2 vectors
 * with AVX2: 12 + 2 loads of B + 1 of A = 15 of the 16 ymm registers; 4 × 3 or 3 × 4 measured slower,
 * as the JIT then spills). A helper taking vectors as arguments would box them when the JIT declines
 * to inline it. A is packed pre-broadcast, each value repeated across a vector: measured on Zen 3,
 * {@code FloatVector.broadcast(S, a[i])} in the loop ran at ~40 GFLOPS against ~70 for a plain
 * vector load, the price being an A panel L times larger, hence the short k blocks (a 128-step
 * panel is 24 KiB, within L1).
 *
 * <p>The k order of every C element is fixed by the blocking alone, so results do not depend on how
 * rows and columns are split over threads.
 */
final class VectorGemmFloat {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of a register tile. */
  static final int MR = 6;
  /** Columns of a register tile: two vectors. */
  static final int NR = 2 * L;
  private static final int KC_MAX = 128;
  /**
   * Columns of a B block: 1024 floats with AVX2, so that products up to 1024 wide pack A once (A's
   * pre-broadcast pack is 8 times its size). The block (512 KiB) streams its panels from L2 and L3
   * while A's panel stays in L1; measured no slower than 512-column blocks that fit L2.
   */
  private static final int NC = 64 * NR;

  /**
   * Elements before the first packed value. Vector loads that straddle cache lines cost the kernel a
   * third of its speed, and where an array lands in memory is up to the GC, which moves arrays, so
   * the packs live in one array of at least {@code ARENA_MIN} bytes: G1 (the default collector)
   * places such "humongous" arrays at a region boundary (for regions up to 4 MiB, i.e. heaps below
   * 8 GiB) and never moves them. With the usual 16-byte array header, 16 more bytes put the packs on
   * 32-byte boundaries. Measured on Zen 3: ~70 GFLOPS aligned against ~45 when not.
   */
  private static final int ALIGN = 128 / S.elementSize();

  private static final int ARENA_MIN = (2 << 20) * 8 / S.elementSize();

  /** Per-thread {arena of packs, scratch tile}, grown on demand and kept. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[MR * NR]});

  private VectorGemmFloat() {}

  /**
   * C[i, j] (+)= Σ_p A(i, p)·B(p, j) for i < m, j < n, with A(i, p) = a[ao + i·lda + p] (or
   * a[ao + p·lda + i] when transA) and B(p, j) = b[bo + p·ldb + j] (or b[bo + j·ldb + p] when
   * transB); C[i, j] = c[co + i·ldc + j]. Without {@code accumulate} C is overwritten.
   *
   * <p>With {@code threads} > 1 the row panels of A are shared out over the {@link Parallel} pool in
   * chunks claimed as threads come free, while each B block is packed once, itself split by column
   * panels, into the calling thread's arena and read by all. Every thread packs its own A panels.
   */
  static void gemm(
      int m, int n, int k, float[] a, int ao, int lda, boolean transA, float[] b, int bo, int ldb, boolean transB,
      float[] c, int co, int ldc, boolean accumulate, int threads) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
      }
      return;
    }
    int kBlocks = (k + KC_MAX - 1) / KC_MAX;
    int kcBlock = (k + kBlocks - 1) / kBlocks;
    // In every thread's arena: its A panel first, then (in the calling thread's) the shared B block,
    // on a 64-byte boundary after it.
    int aBase = ALIGN;
    int bBase = aBase + roundUp(kcBlock * MR * L, 64);
    float[] bp = arena(BUFFERS.get(), bBase + kcBlock * roundUp(Math.min(NC, n), NR));
    int panels = (m + MR - 1) / MR;
    // Many more chunks than threads, so that a thread slowed down by something else does not hold
    // up the rest; chunks cost nothing extra, since no packing is repeated across them. Measured
    // with two threads on 1024 × 1024: 16 chunks a thread no slower than 4, and faster in most
    // rounds on this shared host (e.g. 103.6 against 89.7 GFLOPS).
    int chunks = threads <= 1 ? 1 : Math.min(panels, 16 * threads);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int bPanels = (nc + NR - 1) / NR;
      int bChunks = threads <= 1 ? 1 : Math.min(bPanels, threads);
      for (int pc = 0; pc < k; pc += kcBlock) {
        int kc = Math.min(kcBlock, k - pc);
        int jcAt = jc;
        int pcAt = pc;
        Parallel.forEach(bChunks, part -> {
          int from = Parallel.bound(part, bChunks, bPanels, 1) * NR;
          int to = Math.min(nc, Parallel.bound(part + 1, bChunks, bPanels, 1) * NR);
          if (transB) {
            packBt(b, bo + (jcAt + from) * ldb + pcAt, ldb, kc, to - from, bp, bBase + from * kc);
          } else {
            packB(b, bo + pcAt * ldb + jcAt + from, ldb, kc, to - from, bp, bBase + from * kc);
          }
        });
        // The micro-kernel always adds its tile to C, so C is zeroed first when overwritten: by
        // each chunk for its own rows, in the first k block.
        boolean zero = !accumulate && pc == 0;
        Parallel.forEach(chunks, part -> {
          float[][] own = BUFFERS.get();
          float[] ap = arena(own, aBase + kc * MR * L); // never regrows the caller's arena: B is in it
          int last = Math.min(m, Parallel.bound(part + 1, chunks, panels, 1) * MR);
          for (int ir = Parallel.bound(part, chunks, panels, 1) * MR; ir < last; ir += MR) {
            int mr = Math.min(MR, m - ir);
            int ci = co + ir * ldc + jcAt;
            if (zero) {
              for (int r = 0; r < mr; r++) Arrays.fill(c, ci + r * ldc, ci + r * ldc + nc, 0f);
            }
            if (transA) {
              packAt(a, ao + pcAt * lda + ir, lda, mr, kc, ap, aBase);
            } else {
              packA(a, ao + ir * lda + pcAt, lda, mr, kc, ap, aBase);
            }
            panel(mr, nc, kc, ap, aBase, bp, bBase, c, ci, ldc, own[1]);
          }
        });
      }
    }
  }

  private static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  private static float[] arena(float[][] buffers, int size) {
    if (buffers[0].length < size) {
      buffers[0] = new float[Math.max(size, ARENA_MIN)];
    }
    return buffers[0];
  }

  /** Every tile of an mr-row strip of C, nc wide: A's packed panel against each column panel of B. */
  private static void panel(
      int mr, int nc, int kc, float[] ap, int ai, float[] bp, int bBase, float[] c, int co, int ldc, float[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int bi = bBase + jr * kc;
      int ci = co + jr;
      if (mr == MR && nr == NR) {
        kernel(kc, ap, ai, bp, bi, c, ci, ldc);
      } else {
        Arrays.fill(tile, 0f);
        kernel(kc, ap, ai, bp, bi, tile, 0, NR);
        for (int r = 0; r < mr; r++) {
          int row = ci + r * ldc;
          for (int j = 0; j < nr; j++) c[row + j] += tile[r * NR + j];
        }
      }
    }
  }

  /** C's tile += the 6 × 2-vector register tile over kc steps of packed A (MR vectors a step) and packed B (NR values). */
  private static void kernel(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0; p < kc; p++, ai += MR * L, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.fromArray(S, a, ai);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.fromArray(S, a, ai + L);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.fromArray(S, a, ai + 2 * L);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.fromArray(S, a, ai + 3 * L);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.fromArray(S, a, ai + 4 * L);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.fromArray(S, a, ai + 5 * L);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    int c0 = ci;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    c00 = c00.add(FloatVector.fromArray(S, c, c0));
    c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
    c10 = c10.add(FloatVector.fromArray(S, c, c1));
    c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
    c20 = c20.add(FloatVector.fromArray(S, c, c2));
    c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
    c30 = c30.add(FloatVector.fromArray(S, c, c3));
    c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
    c40 = c40.add(FloatVector.fromArray(S, c, c4));
    c41 = c41.add(FloatVector.fromArray(S, c, c4 + L));
    c50 = c50.add(FloatVector.fromArray(S, c, c5));
    c51 = c51.add(FloatVector.fromArray(S, c, c5 + L));
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + L);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + L);
  }

  // ---- packing. A's panel, from base on: step p holds MR vectors, row r's value repeated in the
  // r-th; rows from mr on are zeros. B's block, from base0 on: column panel q starts at q·kc·NR,
  // step p of it holds NR values.

  /** A row-major at a[ao + i·lda + p], rows [0, mr): one panel, each value repeated L times. */
  private static void packA(float[] a, int ao, int lda, int mr, int kc, float[] ap, int base) {
    for (int r = 0; r < mr; r++) {
      int src = ao + r * lda;
      for (int p = 0, d = base + r * L; p < kc; p++, d += MR * L) {
        FloatVector.broadcast(S, a[src + p]).intoArray(ap, d);
      }
    }
    zeroRows(mr, kc, ap, base);
  }

  /** A stored transposed, A(i, p) at a[ao + p·lda + i]: the same panel, read along A's columns. */
  private static void packAt(float[] a, int ao, int lda, int mr, int kc, float[] ap, int base) {
    for (int p = 0, d = base; p < kc; p++, d += MR * L) {
      int src = ao + p * lda;
      for (int r = 0; r < mr; r++) FloatVector.broadcast(S, a[src + r]).intoArray(ap, d + r * L);
    }
    zeroRows(mr, kc, ap, base);
  }

  /** The padding rows [mr, MR) of a panel. */
  private static void zeroRows(int mr, int kc, float[] ap, int base) {
    FloatVector zero = FloatVector.zero(S);
    for (int r = mr; r < MR; r++) {
      for (int p = 0, d = base + r * L; p < kc; p++, d += MR * L) zero.intoArray(ap, d);
    }
  }

  /** B row-major at b[bo + p·ldb + j]: each step of a column panel is a contiguous run. */
  private static void packB(float[] b, int bo, int ldb, int kc, int nc, float[] bp, int base0) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int d = base0 + jr * kc;
      if (nr == NR) {
        for (int p = 0; p < kc; p++, d += NR) {
          int src = bo + p * ldb + jr;
          FloatVector.fromArray(S, b, src).intoArray(bp, d);
          FloatVector.fromArray(S, b, src + L).intoArray(bp, d + L);
        }
      } else {
        for (int p = 0; p < kc; p++, d += NR) {
          int src = bo + p * ldb + jr;
          for (int j = 0; j < nr; j++) bp[d + j] = b[src + j];
          for (int j = nr; j < NR; j++) bp[d + j] = 0f;
        }
      }
    }
  }

  /** B stored transposed, B(p, j) at b[bo + j·ldb + p]: column j of a panel is a contiguous run. */
  private static void packBt(float[] b, int bo, int ldb, int kc, int nc, float[] bp, int base0) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = base0 + jr * kc;
      for (int j = 0; j < nr; j++) {
        int src = bo + (jr + j) * ldb;
        for (int p = 0, d = base + j; p < kc; p++, d += NR) bp[d] = b[src + p];
      }
      for (int j = nr; j < NR; j++) {
        for (int p = 0, d = base + j; p < kc; p++, d += NR) bp[d] = 0f;
      }
    }
  }
  // ---- matrix-vector products (m = 1 or n = 1), where register tiles would be mostly padding ----

  /**
   * c[co + i] (+)= Σ_p a[ao + i·lda + p]·x[xo + p] for i < m: a dot product per row, streaming A
   * once (A·v, and vᵀ·Bᵀ).
   */
  static void dots(int m, int k, float[] a, int ao, int lda, float[] x, int xo, float[] c, int co, boolean acc) {
    int bound = S.loopBound(k);
    int bound4 = k - k % (4 * L);
    float[] lanes = new float[L];
    for (int i = 0; i < m; i++) {
      int row = ao + i * lda;
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      int p = 0;
      for (; p < bound4; p += 4 * L) {
        s0 = FloatVector.fromArray(S, a, row + p).fma(FloatVector.fromArray(S, x, xo + p), s0);
        s1 = FloatVector.fromArray(S, a, row + p + L).fma(FloatVector.fromArray(S, x, xo + p + L), s1);
        s2 = FloatVector.fromArray(S, a, row + p + 2 * L).fma(FloatVector.fromArray(S, x, xo + p + 2 * L), s2);
        s3 = FloatVector.fromArray(S, a, row + p + 3 * L).fma(FloatVector.fromArray(S, x, xo + p + 3 * L), s3);
      }
      for (; p < bound; p += L) {
        s0 = FloatVector.fromArray(S, a, row + p).fma(FloatVector.fromArray(S, x, xo + p), s0);
      }
      // Lanes summed in a fixed order: reduceLanes may sum them in another order in compiled code
      // than in the interpreter, and a result must not depend on when the JIT got to it.
      s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
      float s = 0;
      for (int l = 0; l < L; l++) s += lanes[l];
      for (; p < k; p++) s += a[row + p] * x[xo + p];
      c[co + i] = acc ? c[co + i] + s : s;
    }
  }

  /**
   * c[co + j] (+)= Σ_p x[xo + p]·a[ao + p·lda + j] for j < n: rows of A added into c, four at a time
   * so that c is read and written once per four rows (Aᵀ·v, and vᵀ·B).
   */
  static void axpys(int n, int k, float[] a, int ao, int lda, float[] x, int xo, float[] c, int co, boolean acc) {
    if (!acc) {
      Arrays.fill(c, co, co + n, 0f);
    }
    int bound = S.loopBound(n);
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      int r0 = ao + p * lda;
      int r1 = r0 + lda;
      int r2 = r1 + lda;
      int r3 = r2 + lda;
      float x0 = x[xo + p];
      float x1 = x[xo + p + 1];
      float x2 = x[xo + p + 2];
      float x3 = x[xo + p + 3];
      FloatVector v0 = FloatVector.broadcast(S, x0);
      FloatVector v1 = FloatVector.broadcast(S, x1);
      FloatVector v2 = FloatVector.broadcast(S, x2);
      FloatVector v3 = FloatVector.broadcast(S, x3);
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector s = FloatVector.fromArray(S, c, co + j);
        s = FloatVector.fromArray(S, a, r0 + j).fma(v0, s);
        s = FloatVector.fromArray(S, a, r1 + j).fma(v1, s);
        s = FloatVector.fromArray(S, a, r2 + j).fma(v2, s);
        s = FloatVector.fromArray(S, a, r3 + j).fma(v3, s);
        s.intoArray(c, co + j);
      }
      for (; j < n; j++) {
        c[co + j] = Math.fma(a[r3 + j], x3, Math.fma(a[r2 + j], x2, Math.fma(a[r1 + j], x1, Math.fma(a[r0 + j], x0, c[co + j]))));
      }
    }
    for (; p < k; p++) {
      int r = ao + p * lda;
      float xp = x[xo + p];
      FloatVector v = FloatVector.broadcast(S, xp);
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, a, r + j).fma(v, FloatVector.fromArray(S, c, co + j)).intoArray(c, co + j);
      }
      for (; j < n; j++) c[co + j] = Math.fma(a[r + j], xp, c[co + j]);
    }
  }
}
