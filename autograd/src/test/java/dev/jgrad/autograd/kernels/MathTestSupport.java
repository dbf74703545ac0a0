package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.kernels.MathReference.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The functions of {@link VectorMath} and {@link ScalarMath} side by side, and inputs for them. */
final class MathTestSupport {
  private MathTestSupport() {}

  /** One elementary function: its vector and scalar forms in both types, and its reference. */
  enum Fn {
    EXP,
    LOG,
    LOG1P,
    TANH,
    SIGMOID;

    float scalar(float x) {
      return switch (this) {
        case EXP -> ScalarMath.exp(x);
        case LOG -> ScalarMath.log(x);
        case LOG1P -> ScalarMath.log1p(x);
        case TANH -> ScalarMath.tanh(x);
        case SIGMOID -> ScalarMath.sigmoid(x);
      };
    }

    double scalar(double x) {
      return switch (this) {
        case EXP -> ScalarMath.exp(x);
        case LOG -> ScalarMath.log(x);
        case LOG1P -> ScalarMath.log1p(x);
        case TANH -> ScalarMath.tanh(x);
        case SIGMOID -> ScalarMath.sigmoid(x);
      };
    }

    FloatVector vector(FloatVector v) {
      return switch (this) {
        case EXP -> VectorMath.exp(v);
        case LOG -> VectorMath.log(v);
        case LOG1P -> VectorMath.log1p(v);
        case TANH -> VectorMath.tanh(v);
        case SIGMOID -> VectorMath.sigmoid(v);
      };
    }

    DoubleVector vector(DoubleVector v) {
      return switch (this) {
        case EXP -> VectorMath.exp(v);
        case LOG -> VectorMath.log(v);
        case LOG1P -> VectorMath.log1p(v);
        case TANH -> VectorMath.tanh(v);
        case SIGMOID -> VectorMath.sigmoid(v);
      };
    }

    /** The exact value at a float argument, to 2^-50 or better. */
    double reference(float x) {
      return switch (this) {
        case EXP -> MathReference.expF(x);
        case LOG -> MathReference.logF(x);
        case LOG1P -> MathReference.log1pF(x);
        case TANH -> MathReference.tanhF(x);
        case SIGMOID -> MathReference.sigmoidF(x);
      };
    }

    Ref reference(double x) {
      return switch (this) {
        case EXP -> MathReference.exp(x);
        case LOG -> MathReference.log(x);
        case LOG1P -> MathReference.log1p(x);
        case TANH -> MathReference.tanh(x);
        case SIGMOID -> MathReference.sigmoid(x);
      };
    }

    /** A random double where this function is interesting: sign, binade and mantissa mixed. */
    double randomDouble(Random random) {
      return switch (random.nextInt(4)) {
        // Any finite double, log-uniform over all binades.
        case 0 -> logUniform(random, -1074, 1023);
        // Where the function is neither trivial nor saturated.
        case 1 -> switch (this) {
          case EXP -> -750 + 1462 * random.nextDouble();
          case LOG -> Math.abs(logUniform(random, -1074, 1023));
          case LOG1P -> -1 + Math.scalb(random.nextDouble(), -random.nextInt(60));
          case TANH -> -20 + 40 * random.nextDouble();
          case SIGMOID -> -760 + 800 * random.nextDouble();
        };
        // Small and moderate magnitudes.
        case 2 -> logUniform(random, -60, 10);
        default -> (random.nextDouble() - 0.5) * 4;
      };
    }

    /** A random float where this function is interesting; see {@link #randomDouble}. */
    float randomFloat(Random random) {
      return switch (random.nextInt(4)) {
        case 0 -> Float.intBitsToFloat(random.nextInt()); // every bit pattern, NaNs included
        case 1 -> switch (this) {
          case EXP -> -110 + 200 * random.nextFloat();
          case LOG -> Float.intBitsToFloat(random.nextInt(0x7F800001));
          case LOG1P -> -1 + Math.scalb(random.nextFloat(), -random.nextInt(30));
          case TANH -> -12 + 24 * random.nextFloat();
          case SIGMOID -> -110 + 130 * random.nextFloat();
        };
        case 2 -> (float) logUniform(random, -30, 8);
        default -> (random.nextFloat() - 0.5f) * 4;
      };
    }
  }

  /** |x| in [2^-20, 64), positive for log and above −1 for log1p: inside every fast path. */
  static double moderate(Fn f, Random random) {
    double m = Math.scalb(1 + random.nextDouble(), random.nextInt(26) - 20);
    return f == Fn.LOG || (f == Fn.LOG1P && m >= 1) || random.nextBoolean() ? m : -m;
  }

  /** ±m·2^e with e uniform in [minExp, maxExp] and m uniform in [1, 2). */
  static double logUniform(Random random, int minExp, int maxExp) {
    double m = Math.scalb(1 + random.nextDouble(), minExp + random.nextInt(maxExp - minExp + 1));
    return random.nextBoolean() ? m : -m;
  }

  /** IEEE special values and the edges of the functions' ranges, as doubles. */
  static final double[] SPECIAL_DOUBLES = {
    0.0, -0.0, 1, -1, 0.5, -0.5, 2, -2, Math.sqrt(2), Math.sqrt(0.5), -1 + 0x1p-53, -1 + 0x1p-30,
    Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
    Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
    Double.longBitsToDouble(0x7FF0000000000001L), Double.longBitsToDouble(0xFFF8000000000123L),
    709.782712893384, 709.7827128933841, 709.79, 710, 711, -708.3964185322641, -708.4, -745.1332191019411,
    -745.1332191019412, -744.44, -746, -750, 1e-300, -1e-300, 1e-20, -1e-20, 0x1p-27, -0x1p-27, 0.625, -0.625,
    0.6249999999999999, 19.06, 19.1, 22, -22, 40, 100, -100, 1e10, -1e10, 708, -708, 708.0000000000001,
    -708.0000000000001
  };

  /** As {@link #SPECIAL_DOUBLES}, for floats. */
  static final float[] SPECIAL_FLOATS = {
    0f, -0f, 1, -1, 0.5f, -0.5f, 2, -2, (float) Math.sqrt(2), (float) Math.sqrt(0.5), -1 + 0x1p-24f, -1 + 0x1p-12f,
    Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
    Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
    Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC00123), 88.72283f, 88.72284f, 88.7229f, 89, 90,
    -87.33654f, -87.33655f, -87, -87.00001f, 87, 87.00001f, -103.27893f, -103.97208f, -103.972084f, -104, -110,
    1e-30f, -1e-30f, 0x1p-13f, -0x1p-13f, 0.625f, 9.01f, 9.02f, 20, -20, 40, 1e10f, -1e10f
  };

  /** SPECIES_128, _256 and _512 where this machine has them, and the preferred one. */
  static List<VectorSpecies<Float>> floatSpecies() {
    List<VectorSpecies<Float>> out = new ArrayList<>();
    for (VectorShape shape : List.of(VectorShape.S_128_BIT, VectorShape.S_256_BIT, VectorShape.S_512_BIT)) {
      if (shape.vectorBitSize() <= VectorShape.preferredShape().vectorBitSize()) {
        out.add(FloatVector.SPECIES_PREFERRED.withShape(shape));
      }
    }
    return out;
  }

  static List<VectorSpecies<Double>> doubleSpecies() {
    List<VectorSpecies<Double>> out = new ArrayList<>();
    for (VectorShape shape : List.of(VectorShape.S_128_BIT, VectorShape.S_256_BIT, VectorShape.S_512_BIT)) {
      if (shape.vectorBitSize() <= VectorShape.preferredShape().vectorBitSize()) {
        out.add(DoubleVector.SPECIES_PREFERRED.withShape(shape));
      }
    }
    return out;
  }

  /** out[i] = f(x[i]) through vectors of species s; x.length must be a multiple of its lanes. */
  static void applyVector(Fn f, VectorSpecies<Float> s, float[] x, float[] out) {
    for (int i = 0; i < x.length; i += s.length()) f.vector(FloatVector.fromArray(s, x, i)).intoArray(out, i);
  }

  static void applyVector(Fn f, VectorSpecies<Double> s, double[] x, double[] out) {
    for (int i = 0; i < x.length; i += s.length()) f.vector(DoubleVector.fromArray(s, x, i)).intoArray(out, i);
  }
}
