package dev.jgrad.autograd.ops;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Says which ops a gradient property checks, so that {@link EveryOpIsCheckedTest} fails for an op
 * that no property checks (and for a name here that no longer matches an op).
 *
 * <pre>{@code
 * @GradientProperty
 * @ChecksOp(methods = "sum(int,boolean)", nodes = "Sum")
 * void sumAlongAxis(long seed) { ... }
 * }</pre>
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
@interface ChecksOp {
  /**
   * Tensor methods by signature, since overloads are separate ops to check: the name, then the
   * simple names of the parameter types, comma separated without spaces, varargs written as arrays:
   * {@code "add(double)"}, {@code "reshape(int[])"}, {@code "concat(List,int)"}.
   */
  String[] methods() default {};

  /** Simple names of the {@code Node} classes of {@code dev.jgrad.autograd.ops} the property reaches. */
  String[] nodes() default {};
}
