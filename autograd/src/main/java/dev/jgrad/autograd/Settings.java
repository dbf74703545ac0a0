package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Kernels;

/**
 * jgrad's runtime settings: how many threads the kernels use, and what the CPU gave them.
 *
 * <pre>{@code
 * Settings.threads(1);                // every kernel on the calling thread only
 * System.out.println(Settings.simd() + " " + Settings.vectorBits());   // e.g. "true 512"
 * }</pre>
 *
 * <p>Each setting also has a system property, read once when jgrad's kernels are first used:
 * {@code -Djgrad.threads=N} (default: the available processors), {@code -Djgrad.simd=false}
 * (scalar kernels only) and {@code -Djgrad.vectorBits=128|256|512} (narrower vectors than the CPU
 * offers, e.g. to run the 256-bit code paths on an AVX-512 machine). A malformed property logs one
 * warning and keeps the default. The vector width and SIMD are fixed at start-up, because the
 * kernels are compiled for them; the thread count may change at any time.
 *
 * <p>Results do not depend on the thread count: every output element is computed by one thread in
 * the same order whatever the split.
 */
public final class Settings {
  private Settings() {}

  /**
   * Sets the number of threads that large kernels split their work over, the calling thread
   * included; 1 runs everything on the calling thread and stops the pool's workers. Waits for a
   * running kernel to finish.
   *
   * @param n at least 1
   * @throws IllegalArgumentException if n is less than 1
   */
  public static void threads(int n) {
    Kernels.threads(n);
  }

  /**
   * The number of threads that large kernels split their work over, the calling thread included.
   *
   * @return the thread count, at least 1
   */
  public static int threads() {
    return Kernels.threads();
  }

  /**
   * Whether the Vector API kernels run: false when the JVM lacks {@code jdk.incubator.vector} or was
   * started with {@code -Djgrad.simd=false}, in which case the scalar kernels run.
   *
   * @return true if the SIMD kernels run, false if the scalar ones do
   */
  public static boolean simd() {
    return Kernels.SIMD;
  }

  /**
   * The width of the vectors the kernels use, in bits: the JVM's preferred width on this CPU (512
   * with AVX-512, 256 with AVX2, 128 with NEON) unless {@code -Djgrad.vectorBits} chose a narrower
   * one; 0 when the scalar kernels run.
   *
   * @return the vector width in bits (128, 256 or 512), or 0 without SIMD
   */
  public static int vectorBits() {
    return Kernels.vectorBits();
  }
}
