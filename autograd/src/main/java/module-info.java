/**
 * jgrad's autograd engine: tensors, the dynamic graph, reverse-mode differentiation, and the SIMD
 * kernels under them. Exports its API ({@code dev.jgrad.autograd}) and the property-test generators
 * ({@code dev.jgrad.autograd.testing}); the engine, the ops and the kernels stay inside.
 *
 * <p>It requires {@code jdk.incubator.vector} (not {@code static}): a modular application that
 * requires this module gets the SIMD kernels with no command-line flag. Every JDK 21+ ships that
 * module; a jlink image must include it. On the class path the module declaration is ignored, and
 * {@code --add-modules jdk.incubator.vector} turns SIMD on (without it the scalar kernels run and
 * one warning says so). It reads {@code jdk.management} once, for the JVM's object layout (where
 * the GEMM's packs must start to lie on cache-line boundaries).
 */
module dev.jgrad.autograd {
  requires com.google.common;
  requires jdk.incubator.vector;
  requires jdk.management;

  exports dev.jgrad.autograd;
  exports dev.jgrad.autograd.testing;
}
