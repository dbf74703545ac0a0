package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.DType;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Tensor data reused instead of allocated: every array an operation produces comes from {@link
 * #take}, which hands out an array this thread gave back earlier when it has one of that length.
 * Only the backward pass gives arrays back, and only those no tensor outside it can reach (see
 * {@code Engine}): gradients flowing between nodes, and the temporaries of the built-in ops'
 * backward, which would otherwise be fresh garbage on every training step. Taking is always safe;
 * giving back is where the care is.
 *
 * <p>Why bother, when the JVM allocates fast: a fresh array is zeroed in memory the caches have
 * not seen for a while (the young generation cycles through hundreds of megabytes), and arrays of
 * a megabyte or more are G1 "humongous" objects, allocated outside the fast path. A recycled array
 * was written a moment ago and is still in L2. Small arrays gain nothing, so they are never pooled.
 *
 * <p>One pool per thread, so no locking; each holds at most {@link #CAPACITY} bytes, and arrays
 * given back beyond that are left to the GC. The pool holds its arrays through soft references, so
 * that a program with many threads, or short of memory, never runs out of heap for arrays kept
 * for reuse: the GC clears them first. A recycled array is zeroed before it is handed out, so that
 * an op sees exactly what {@code new float[n]} gives it.
 */
public final class Buffers {
  private Buffers() {}

  /** Arrays smaller than this many bytes are allocated as usual: the TLAB is cheaper than a lookup. */
  static final int MIN_BYTES = 4096;

  /** The most bytes one thread's pool keeps: 1/32 of the heap, at most 64 MiB. */
  static final long CAPACITY = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32);

  private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

  /**
   * A zeroed {@code float[]} or {@code double[]} of n elements: one this thread gave back, or a new
   * one. While this thread's pool is recording (see {@link Pool}), the array is noted as made by the pass.
   */
  public static Object take(DType dtype, int n) {
    long bytes = (long) n * (dtype == DType.FLOAT32 ? Float.BYTES : Double.BYTES);
    if (bytes < MIN_BYTES) {
      return dtype == DType.FLOAT32 ? new float[n] : new double[n];
    }
    Pool pool = POOL.get();
    Object array = pool.take(dtype, n, bytes);
    if (pool.recording != null) {
      pool.recording.put(array, Boolean.TRUE);
    }
    return array;
  }

  /** This thread's pool, for a caller that records or gives back many times (the backward pass). */
  static Pool pool() {
    return POOL.get();
  }

  /** Bytes this thread's pool holds now (for tests). */
  static long pooledBytes() {
    return POOL.get().bytes;
  }

  /**
   * One thread's arrays. While {@link #recording} is set, every pooled-size array {@link #take}
   * hands out is noted in it: the backward pass records while built-in code runs, to learn which
   * arrays it made.
   */
  static final class Pool {
    /** Free arrays by type and length, each held softly: the GC may take them back when memory runs short. */
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<SoftReference<double[]>>> doubles = new HashMap<>();
    /** Bytes given back and not yet taken (arrays the GC cleared still count until their turn comes). */
    private long bytes;
    Map<Object, Boolean> recording;

    Object take(DType dtype, int n, long size) {
      if (dtype == DType.FLOAT32) {
        float[] a = poll(floats.get(n), size);
        if (a == null) {
          return new float[n];
        }
        Arrays.fill(a, 0f);
        return a;
      }
      double[] a = poll(doubles.get(n), size);
      if (a == null) {
        return new double[n];
      }
      Arrays.fill(a, 0.0);
      return a;
    }

    /** The most recently given array still held, or null; cleared references are dropped on the way. */
    private <T> T poll(ArrayDeque<SoftReference<T>> free, long size) {
      if (free == null) {
        return null;
      }
      for (SoftReference<T> ref; (ref = free.pollLast()) != null; ) {
        bytes -= size;
        T array = ref.get();
        if (array != null) {
          return array;
        }
      }
      return null;
    }

    /** Takes {@code array} back; the caller guarantees no tensor can reach it. */
    void give(Object array) {
      long size = array instanceof float[] f ? (long) f.length * Float.BYTES : (long) ((double[]) array).length * Double.BYTES;
      if (size < MIN_BYTES || bytes + size > CAPACITY) {
        return;
      }
      bytes += size;
      if (array instanceof float[] f) {
        floats.computeIfAbsent(f.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(f));
      } else {
        double[] d = (double[]) array;
        doubles.computeIfAbsent(d.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(d));
      }
    }
  }
}
