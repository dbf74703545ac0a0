package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.kernels.MathTestSupport.Fn;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same bits before and after the JIT: each function runs 200,000 times on one input vector and
 * every result must equal the first. VectorMath is loaded afresh in its own class loader, so the
 * first calls run in the interpreter (the Vector API's Java fallback), later ones in C1 and then in
 * C2's intrinsics, whatever other tests compiled before. The results must also equal ScalarMath's.
 */
class VectorMathJitTest {
  private static final int CALLS = 200_000;

  /** VectorMath's method of this name and type from a class loader of its own. */
  private static MethodHandle fresh(Fn f, Class<?> vectorType) throws ReflectiveOperationException {
    URL classes = VectorMath.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    Class<?> math = loader.loadClass(VectorMath.class.getName());
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(math, MethodHandles.lookup());
    return lookup.findStatic(math, f.name().toLowerCase(), MethodType.methodType(vectorType, vectorType));
  }

  /** Inputs across the function's range: moderate values, and in the second half anything. */
  private static double input(Fn f, Random random, int i, int n) {
    return i < n / 2 ? MathTestSupport.moderate(f, random) : f.randomDouble(random);
  }

  @ParameterizedTest
  @EnumSource(Fn.class)
  void floatBitsNeverChange(Fn f) throws Throwable {
    MethodHandle h = fresh(f, FloatVector.class);
    int l = FloatVector.SPECIES_PREFERRED.length();
    Random random = new Random(f.ordinal());
    float[] x = new float[2 * l];
    for (int i = 0; i < x.length; i++) x[i] = (float) input(f, random, i, x.length);
    FloatVector a = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0);
    FloatVector b = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, l);
    float[] first = new float[2 * l];
    ((FloatVector) h.invokeExact(a)).intoArray(first, 0);
    ((FloatVector) h.invokeExact(b)).intoArray(first, l);
    float[] out = new float[2 * l];
    for (int call = 1; call < CALLS; call++) {
      // Alternate a vector that takes the fast path with one that may take the wide path.
      ((FloatVector) h.invokeExact(a)).intoArray(out, 0);
      ((FloatVector) h.invokeExact(b)).intoArray(out, l);
      for (int i = 0; i < out.length; i++) {
        if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(first[i])) {
          assertEquals(first[i], out[i], f + "(" + x[i] + ") changed at call " + call);
        }
      }
    }
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToRawIntBits(f.scalar(x[i])), Float.floatToRawIntBits(first[i]), f + "(" + x[i] + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(Fn.class)
  void doubleBitsNeverChange(Fn f) throws Throwable {
    MethodHandle h = fresh(f, DoubleVector.class);
    int l = DoubleVector.SPECIES_PREFERRED.length();
    Random random = new Random(f.ordinal());
    double[] x = new double[2 * l];
    for (int i = 0; i < x.length; i++) x[i] = input(f, random, i, x.length);
    DoubleVector a = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, 0);
    DoubleVector b = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, l);
    double[] first = new double[2 * l];
    ((DoubleVector) h.invokeExact(a)).intoArray(first, 0);
    ((DoubleVector) h.invokeExact(b)).intoArray(first, l);
    double[] out = new double[2 * l];
    for (int call = 1; call < CALLS; call++) {
      ((DoubleVector) h.invokeExact(a)).intoArray(out, 0);
      ((DoubleVector) h.invokeExact(b)).intoArray(out, l);
      for (int i = 0; i < out.length; i++) {
        if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(first[i])) {
          assertEquals(first[i], out[i], f + "(" + x[i] + ") changed at call " + call);
        }
      }
    }
    for (int i = 0; i < x.length; i++) {
      long want = Double.doubleToRawLongBits(f.scalar(x[i]));
      assertEquals(want, Double.doubleToRawLongBits(first[i]), f + "(" + x[i] + ")");
    }
  }
}
