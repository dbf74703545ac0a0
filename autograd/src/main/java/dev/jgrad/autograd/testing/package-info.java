/**
 * Seeded generators of shapes and tensors for property tests of gradients — jgrad's own and its
 * users'. They depend on nothing but a {@link java.util.random.RandomGenerator}, so they plug into
 * any test framework: a JUnit {@code @ParameterizedTest} over seeds (as jgrad's own tests do), or a
 * property-testing library's "random value" hook.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")   // 100 fixed seeds
 * void tanhGradient(long seed) {
 *   var random = new SplittableRandom(seed);
 *   Tensor x = TensorGen.tensor(random, TensorGen.shape(random, 0, 3, 1, 5), Elements.uniform(-2, 2));
 *   GradCheck.check(in -> in[0].tanh(), x.requiresGrad(true));
 * }
 * }</pre>
 */
package dev.jgrad.autograd.testing;
