package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, decided once at class initialization so that the JIT folds
 * them into constants: the JVM's preferred width ({@code SPECIES_PREFERRED}, 512 bits with
 * AVX-512, 256 with AVX2, 128 with NEON), or a narrower one forced by the system property {@code
 * jgrad.vectorBits} (128, 256 or 512), so that every path can be run and tested on a wide machine.
 * A width wider than the JVM offers, or any other value, keeps the preferred width and logs one
 * warning: a bad setting must not take the library down. Loaded only when {@link Kernels#SIMD} is
 * true.
 */
final class Simd {
  private Simd() {}

  /** The width the JVM prefers on this CPU, in bits. */
  static final int PREFERRED_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

  /** The width the kernels use, in bits. */
  static final int BITS = decideBits(System.getProperty("jgrad.vectorBits"));

  /** The shape of every vector the kernels use. */
  static final VectorShape SHAPE = VectorShape.forBitSize(BITS);

  static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
  static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED.withShape(SHAPE);

  /**
   * Vector registers the JIT can allocate: 32 with AVX-512 (which the preferred 512-bit width
   * reveals, and which a forced narrower width keeps, as AVX-512VL encodes 256- and 128-bit
   * operations on all 32) and on 64-bit ARM; 16 with AVX2 or older. It sets the GEMM's register
   * tile. A JVM started with {@code -XX:MaxVectorSize=32} on an AVX-512 CPU reports 256 bits and is
   * taken for 16 registers: the smaller tile is always safe, if slower. The system property {@code
   * jgrad.vectorRegisters} (16 or 32) overrides the guess, so that the tests run both tiles on any
   * machine.
   */
  static final int REGISTERS = decideRegisters(System.getProperty("jgrad.vectorRegisters"));

  static int decideRegisters(String setting) {
    int guess = PREFERRED_BITS >= 512 || Cpu.AARCH64 ? 32 : 16;
    if (setting == null || setting.isBlank()) {
      return guess;
    }
    if (!setting.trim().equals("16") && !setting.trim().equals("32")) {
      warn("jgrad.vectorRegisters: expected 16 or 32, got \"" + setting + "\"; using " + guess);
      return guess;
    }
    return Integer.parseInt(setting.trim());
  }

  /**
   * The lanes of v added one after another, lane 0 first. Never {@code reduceLanes(ADD)}: its order
   * differs between the Java fallback and compiled code, and a sum must not depend on when the JIT
   * got to it.
   */
  static float sumLanes(FloatVector v) {
    float[] lanes = v.toArray();
    float s = lanes[0];
    for (int l = 1; l < lanes.length; l++) s += lanes[l];
    return s;
  }

  /** The double lanes of v added one after another, lane 0 first (see {@link #sumLanes(FloatVector)}). */
  static double sumLanes(DoubleVector v) {
    double[] lanes = v.toArray();
    double s = lanes[0];
    for (int l = 1; l < lanes.length; l++) s += lanes[l];
    return s;
  }

  static int decideBits(String setting) {
    if (setting == null || setting.isBlank()) {
      return PREFERRED_BITS;
    }
    int bits;
    try {
      bits = Integer.parseInt(setting.trim());
    } catch (NumberFormatException e) {
      bits = -1;
    }
    if (bits != 128 && bits != 256 && bits != 512) {
      warn("jgrad.vectorBits: expected 128, 256 or 512, got \"" + setting + "\"; using " + PREFERRED_BITS);
      return PREFERRED_BITS;
    }
    if (bits > PREFERRED_BITS) {
      warn("jgrad.vectorBits=" + bits + ": this JVM's vectors are at most " + PREFERRED_BITS + " bits; using "
          + PREFERRED_BITS);
      return PREFERRED_BITS;
    }
    return bits;
  }

  private static void warn(String message) {
    System.getLogger("dev.jgrad").log(System.Logger.Level.WARNING, message);
  }
}
