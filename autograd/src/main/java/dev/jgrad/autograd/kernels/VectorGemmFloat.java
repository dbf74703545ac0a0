package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C (+)= op(A)·op(B) for {@code float[]}, packed and register-tiled in the manner of BLIS/GotoBLAS.
 * Loaded only when {@link Kernels#SIMD} is true. {@code VectorGemmDouble} is generated from this file
 * by replacing {@code float} with {@code double}; GemmTwinTest keeps the two in step.
 *
 * <p>The register tile follows the CPU, chosen once at start-up ({@link Simd}, {@link Cpu}):
 * <ul>
 *   <li>32 vector registers (AVX-512, at any width it is run at, and ARM): 12 rows × 2 vectors, 24
 *       accumulators, with A's values broadcast from a plain pack as the kernel goes. Two vector
 *       loads and twelve broadcasts feed 24 FMAs, so the loads are few and mostly scalar, and a
 *       misaligned B pack costs little. Measured on Zen 4, the kernel alone with its packs in
 *       cache: 113 GFLOPS at 512 bits and at 256, the core's FMA peak; 4 × 4 vectors ran as fast,
 *       8 × 3 and 6 × 4 at 102 (at 256 bits: 91).</li>
 *   <li>16 registers (AVX2): 6 rows × 2 vectors, 12 accumulators, with A packed pre-broadcast (each
 *       value repeated across a vector) so that the loop needs no broadcast register: with
 *       {@code -XX:UseAVX=2} on Zen 4, 101 GFLOPS against 47–60 for any broadcasting tile, whose
 *       broadcasts the JIT hoists into registers it does not have, spilling accumulators.</li>
 * </ul>
 *
 * <p>Loops, outermost first: column blocks of {@code NC}; k blocks of at most {@code KC_MAX}, all of
 * one length (784 = 7 × 112, not 6 × 128 + 16) so that no block is a short, inefficient one; B's
 * block packed into column panels {@code NR} wide; then, for each row panel of A ({@code MR} rows),
 * the panel packed into a buffer that stays in L1 and the micro-kernel run over every column panel
 * of B. The k block is sized so that an A panel and a B panel fill the L1 data cache, the column
 * block so that B's block fills half the L2 (cache sizes from {@link Cpu}). Packing A one panel
 * at a time, rather than a block of many panels (BLIS's MC) that sits in L2, keeps the pack's
 * writes in L1: measured on Zen 3, 10–20% faster on the MLP's shapes (128 × 784 · 784 × 256 and its
 * backward) and no slower on squares.
 *
 * <p>Packing is where the transposes go: A is read as A or Aᵀ and B as B or Bᵀ through the pack
 * routines, and the micro-kernel never knows. The packs are padded with zeros to whole panels, so the
 * micro-kernel always computes a full tile; tiles at the right and bottom edges are written through a
 * scratch tile. Each micro-kernel is straight-line code in one method: a helper taking vectors as
 * arguments would box them when the JIT declines to inline it.
 *
 * <p>The k order of every C element is fixed by the blocking alone, so results do not depend on how
 * rows and columns are split over threads.
 */
final class VectorGemmFloat {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.withShape(Simd.SHAPE);
  private static final int L = S.length();
  private static final int BYTES = S.elementSize() / 8;
  /** Whether the 32-register tile runs (A broadcast from a plain pack), or the 16-register one. */
  private static final boolean WIDE = Simd.REGISTERS >= 32;
  /** Rows of a register tile. */
  static final int MR = WIDE ? 12 : 6;
  /** Columns of a register tile: two vectors. */
  static final int NR = 2 * L;
  /** Elements of A's pack per k step: MR values, or MR vectors when pre-broadcast. */
  private static final int A_STEP = WIDE ? MR : MR * L;
  /** Whole vectors that cover a step of the wide tile's Aᵀ pack (see packAt), and the slack they need. */
  private static final int A_COPY = (MR + L - 1) / L * L;
  /**
   * The longest k block: one A panel and one B panel fill the L1 data cache, between 64 and 512
   * steps. 32 KiB of L1 gives 128 steps for the 6 × 8 AVX2 float tile (A's pre-broadcast panel is
   * 24 KiB) and 184 for the 12 × 32 AVX-512 one; measured on Zen 4, 128 to 512 steps all ran
   * within 1% of each other with the wide tile.
   */
  static final int KC_MAX = Math.clamp(Cpu.L1_BYTES / ((A_STEP + NR) * BYTES) / 8 * 8, 64, 512);
  /**
   * Columns of a B block: the block (KC_MAX × NC) fills half the L2, at least four panels. Wider
   * blocks pack each A panel fewer times, which mattered for the pre-broadcast pack, so the
   * 16-register tile takes at least 64 panels (1024 floats with AVX2: measured no slower than 512
   * on Zen 3, its L2 being 512 KiB).
   */
  static final int NC = Math.max(WIDE ? 4 * NR : 64 * NR, Cpu.L2_BYTES / 2 / (KC_MAX * BYTES) / NR * NR);

  /**
   * Elements before the first packed value, and the unit the packs are laid out in. Vector loads
   * that straddle cache lines cost the 16-register kernel a sixth to a third of its speed (Zen 4
   * with {@code -XX:UseAVX=2}, Zen 3), and where an array lands in memory is up to the GC, which
   * moves arrays; so the packs live in one array of at least {@code ARENA_MIN} elements, large enough
   * that the collector gives it memory of its own from a boundary and does not move it ({@link
   * HeapLayout}), and {@code ALIGN} elements past the array's header put the packs on 64-byte
   * boundaries. With the Parallel or Serial collector the packs may be misaligned, which the
   * 32-register kernel hardly notices (Zen 4: the same 113–114 GFLOPS at offsets of 0, 1, 4, 8 and
   * 12 floats).
   */
  private static final int ALIGN = Math.floorMod(-HeapLayout.baseOffset(float[].class), 64) / BYTES;
  private static final int LINE = 64 / BYTES;

  private static final int ARENA_MIN = (int) (HeapLayout.ALIGNED_ARRAY_BYTES / BYTES);

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
   * When the column panels share out more evenly ({@link #splitsColumns}), each thread instead runs
   * the product on its own range of them.
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
    if (threads > 1 && splitsColumns(m, n, threads)) {
      int columnPanels = (n + NR - 1) / NR;
      Parallel.forEach(threads, part -> {
        int from = Parallel.bound(part, threads, columnPanels, 1) * NR;
        int to = Math.min(n, Parallel.bound(part + 1, threads, columnPanels, 1) * NR);
        if (from < to) {
          int bAt = transB ? bo + from * ldb : bo + from;
          gemm(m, to - from, k, a, ao, lda, transA, b, bAt, ldb, transB, c, co + from, ldc, accumulate, 1);
        }
      });
      return;
    }
    int kBlocks = (k + KC_MAX - 1) / KC_MAX;
    int kcBlock = (k + kBlocks - 1) / kBlocks;
    // In every thread's arena: its A panel first, then (in the calling thread's) the shared B block,
    // on a cache-line boundary after it.
    int aBase = ALIGN;
    int bBase = aBase + roundUp(kcBlock * A_STEP + A_COPY, LINE);
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
          float[] ap = arena(own, aBase + kc * A_STEP + A_COPY); // never regrows the caller's arena: B is in it
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
            // The wide tile's pack follows A's layout (see kernel12); the pre-broadcast one is fixed.
            int ars = !WIDE ? L : transA ? 1 : kc;
            int aps = !WIDE ? A_STEP : transA ? MR : 1;
            panel(mr, nc, kc, ap, aBase, ars, aps, bp, bBase, c, ci, ldc, own[1]);
          }
        });
      }
    }
  }

  /**
   * Whether threads share the product's columns rather than its row panels: when the columns divide
   * more evenly, by more than the cost of packing all of A in every thread (1/32 of the busiest
   * thread's tiles). Each thread then runs the whole product on its own columns, packing its own B,
   * with no barrier between k blocks. Measured on Zen 4 with two threads, against one: the MLP's
   * forward (11 row panels, 8 column panels) 1.59× with rows, 1.86× with columns; its input gradient
   * (11 and 25) 1.70× and 1.76×; 512³ (43 and 16, within the margin) 1.88× and 1.85×.
   */
  static boolean splitsColumns(int m, int n, int threads) {
    long rows = (m + MR - 1) / MR;
    long columns = (n + NR - 1) / NR;
    // The busiest thread's tiles, times the thread count.
    long byRows = (rows + threads - 1) / threads * threads * columns;
    long byColumns = (columns + threads - 1) / threads * threads * rows;
    return columns >= threads && byColumns * 32 < byRows * 31;
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
      int mr, int nc, int kc, float[] ap, int ai, int ars, int aps, float[] bp, int bBase, float[] c, int co, int ldc,
      float[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int bi = bBase + jr * kc;
      int ci = co + jr;
      if (mr == MR && nr == NR) {
        kernel(kc, ap, ai, ars, aps, bp, bi, c, ci, ldc);
      } else {
        Arrays.fill(tile, 0f);
        kernel(kc, ap, ai, ars, aps, bp, bi, tile, 0, NR);
        for (int r = 0; r < mr; r++) {
          int row = ci + r * ldc;
          for (int j = 0; j < nr; j++) c[row + j] += tile[r * NR + j];
        }
      }
    }
  }

  /** C's tile += the register tile over kc steps; the JIT keeps only the branch this CPU takes. */
  private static void kernel(
      int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, float[] c, int ci, int ldc) {
    if (WIDE) {
      kernel12(kc, a, ai, ars, aps, b, bi, c, ci, ldc);
    } else {
      kernel6(kc, a, ai, b, bi, c, ci, ldc);
    }
  }

  /**
   * The 12 × 2-vector register tile, A broadcast from its plain pack: 24 accumulators, two loads of B
   * and one broadcast a step, within 32 registers. C's tile += the product over kc steps. Row r's
   * value at step p is a[ai + r·ars + p·aps]: the pack is laid out along whichever of A's
   * dimensions is contiguous in memory, so that packing is a plain copy (strides that vary cost
   * nothing measurable: 112–114 GFLOPS either way).
   */
  private static void kernel12(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, float[] c, int ci, int ldc) {
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
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    FloatVector c80 = c00;
    FloatVector c81 = c00;
    FloatVector c90 = c00;
    FloatVector c91 = c00;
    FloatVector ca0 = c00;
    FloatVector ca1 = c00;
    FloatVector cb0 = c00;
    FloatVector cb1 = c00;
    for (int p = 0; p < kc; p++, ai += aps, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      int at = ai;
      FloatVector x = FloatVector.broadcast(S, a[at]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      ca0 = x.fma(b0, ca0);
      ca1 = x.fma(b1, ca1);
      at += ars;
      x = FloatVector.broadcast(S, a[at]);
      cb0 = x.fma(b0, cb0);
      cb1 = x.fma(b1, cb1);
    }
    int row = ci;
    c00.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c01.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c10.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c11.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c20.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c21.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c30.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c31.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c40.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c41.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c50.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c51.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c60.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c61.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c70.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c71.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c80.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c81.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c90.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c91.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    ca0.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    ca1.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    cb0.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    cb1.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
  }

  /**
   * The 6 × 2-vector register tile, A pre-broadcast: 12 accumulators, two loads of B and one of A
   * a step, within 16 registers. C's tile += the product over kc steps.
   */
  private static void kernel6(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
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
    for (int p = 0; p < kc; p++, ai += A_STEP, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.fromArray(S, a, ai);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.fromArray(S, a, ai + 1 * L);
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
    int row = ci;
    c00.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c01.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c10.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c11.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c20.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c21.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c30.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c31.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c40.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c41.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    c50.add(FloatVector.fromArray(S, c, row)).intoArray(c, row);
    c51.add(FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
  }

  // ---- packing. A's panel, from base on: with the wide tile, rows of kc values (A as stored) or
  // steps of MR values (Aᵀ as stored), rows from mr on zeros; with the pre-broadcast tile, step p
  // holds MR vectors, row r's value repeated in the r-th. B's block, from base0 on: column panel q
  // starts at q·kc·NR, step p of it holds NR values.

  /** A row-major at a[ao + i·lda + p], rows [0, mr): one panel. */
  private static void packA(float[] a, int ao, int lda, int mr, int kc, float[] ap, int base) {
    if (WIDE) {
      for (int r = 0; r < mr; r++) System.arraycopy(a, ao + r * lda, ap, base + r * kc, kc);
      Arrays.fill(ap, base + mr * kc, base + MR * kc, 0f);
      return;
    }
    for (int r = 0; r < mr; r++) {
      int src = ao + r * lda;
      for (int p = 0, d = base + r * L; p < kc; p++, d += A_STEP) {
        FloatVector.broadcast(S, a[src + p]).intoArray(ap, d);
      }
    }
    zeroRows(mr, kc, ap, base);
  }

  /** A stored transposed, A(i, p) at a[ao + p·lda + i]: the same panel, read along A's columns. */
  private static void packAt(float[] a, int ao, int lda, int mr, int kc, float[] ap, int base) {
    if (WIDE) {
      // A step is MR values, fewer than a call of arraycopy is worth: whole vectors are copied, the
      // lanes past MR landing where the next step (or, after the last, the slack behind the panel)
      // is written. A partial panel, or one that would read past the end of a, goes value by value.
      int last = ao + (kc - 1) * lda;
      if (mr == MR && last + A_COPY <= a.length) {
        for (int p = 0, src = ao, d = base; p < kc; p++, src += lda, d += MR) {
          for (int v = 0; v < A_COPY; v += L) FloatVector.fromArray(S, a, src + v).intoArray(ap, d + v);
        }
        return;
      }
      for (int p = 0, d = base; p < kc; p++, d += MR) {
        int src = ao + p * lda;
        for (int r = 0; r < mr; r++) ap[d + r] = a[src + r];
        for (int r = mr; r < MR; r++) ap[d + r] = 0f;
      }
      return;
    }
    for (int p = 0, d = base; p < kc; p++, d += A_STEP) {
      int src = ao + p * lda;
      for (int r = 0; r < mr; r++) FloatVector.broadcast(S, a[src + r]).intoArray(ap, d + r * L);
    }
    zeroRows(mr, kc, ap, base);
  }

  /** The padding rows [mr, MR) of a pre-broadcast panel. */
  private static void zeroRows(int mr, int kc, float[] ap, int base) {
    FloatVector zero = FloatVector.zero(S);
    for (int r = mr; r < MR; r++) {
      for (int p = 0, d = base + r * L; p < kc; p++, d += A_STEP) zero.intoArray(ap, d);
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
      int j = 0;
      // Four columns at a time, so that each step's writes land in one cache line of the panel.
      for (; j + 4 <= nr; j += 4) {
        int s0 = bo + (jr + j) * ldb;
        int s1 = s0 + ldb;
        int s2 = s1 + ldb;
        int s3 = s2 + ldb;
        for (int p = 0, d = base + j; p < kc; p++, d += NR) {
          bp[d] = b[s0 + p];
          bp[d + 1] = b[s1 + p];
          bp[d + 2] = b[s2 + p];
          bp[d + 3] = b[s3 + p];
        }
      }
      for (; j < nr; j++) {
        int src = bo + (jr + j) * ldb;
        for (int p = 0, d = base + j; p < kc; p++, d += NR) bp[d] = b[src + p];
      }
      for (j = nr; j < NR; j++) {
        for (int p = 0, d = base + j; p < kc; p++, d += NR) bp[d] = 0f;
      }
    }
  }
  // ---- products with few columns (n ≤ L), where a register tile two vectors wide is mostly padding

  /** Whether {@link #narrow} takes a product n columns wide. */
  static boolean isNarrow(int n) {
    return n <= L;
  }

  /**
   * C (+)= op(A)·B for B row-major (not transposed) and n ≤ L: each row of C is one vector, masked
   * to n lanes, and four rows at a time share each row of B loaded once. An element of C is summed
   * over p in order, so splitting the rows over threads changes no bit. For the MLP's last layer
   * (n = 10) this ran 2–3 times faster than the 2-vector tile.
   */
  static void narrow(
      int m, int n, int k, float[] a, int ao, int lda, boolean transA, float[] b, int bo, int ldb, float[] c, int co,
      int ldc, boolean accumulate) {
    VectorMask<Float> lanes = S.indexInRange(0, n);
    // A(i, p) is at ai + i·ars + p·aps.
    int ars = transA ? 1 : lda;
    int aps = transA ? lda : 1;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = ao + i * ars;
      FloatVector c0 = FloatVector.zero(S);
      FloatVector c1 = c0;
      FloatVector c2 = c0;
      FloatVector c3 = c0;
      for (int p = 0, ap = a0, bp = bo; p < k; p++, ap += aps, bp += ldb) {
        FloatVector row = FloatVector.fromArray(S, b, bp, lanes);
        c0 = FloatVector.broadcast(S, a[ap]).fma(row, c0);
        c1 = FloatVector.broadcast(S, a[ap + ars]).fma(row, c1);
        c2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(row, c2);
        c3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(row, c3);
      }
      int ci = co + i * ldc;
      narrowStore(c0, c, ci, lanes, accumulate);
      narrowStore(c1, c, ci + ldc, lanes, accumulate);
      narrowStore(c2, c, ci + 2 * ldc, lanes, accumulate);
      narrowStore(c3, c, ci + 3 * ldc, lanes, accumulate);
    }
    for (; i < m; i++) {
      FloatVector c0 = FloatVector.zero(S);
      for (int p = 0, ap = ao + i * ars, bp = bo; p < k; p++, ap += aps, bp += ldb) {
        c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp, lanes), c0);
      }
      narrowStore(c0, c, co + i * ldc, lanes, accumulate);
    }
  }

  private static void narrowStore(FloatVector v, float[] c, int ci, VectorMask<Float> lanes, boolean accumulate) {
    if (accumulate) {
      v = v.add(FloatVector.fromArray(S, c, ci, lanes));
    }
    v.intoArray(c, ci, lanes);
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
