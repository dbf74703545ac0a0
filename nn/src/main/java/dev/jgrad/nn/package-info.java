/**
 * Neural-network building blocks on top of jgrad's autograd: {@link dev.jgrad.nn.Module} and its
 * parameters, layers ({@link dev.jgrad.nn.Linear}, {@link dev.jgrad.nn.Sequential}, the activations,
 * {@link dev.jgrad.nn.Dropout}), and in subpackages losses, initialisers, optimizers, data loading,
 * checkpoints and a training loop. Everything here is written against the public {@code
 * dev.jgrad.autograd} API only, as a user's own layers would be: a network is nothing more than a
 * composition of tensor operations.
 *
 * <p>Batches are rows: an input has shape [N, features], one example per row (PyTorch's layout; the
 * course's column layout, features × m, is its transpose).
 *
 * <h2>Writing a layer</h2>
 *
 * <p>Subclass {@link dev.jgrad.nn.Module}, register the parameters in the constructor, and write
 * {@code forward} with tensor operations. Autograd differentiates it; optimizers, {@code stateDict}
 * and checkpoints find the parameters by walking the module.
 *
 * <pre>{@code
 * // y = x·diag(scale) + shift: a learned scale and shift per feature, for x of shape [N, features].
 * public final class FeatureAffine extends Module {
 *   private final Tensor scale;
 *   private final Tensor shift;
 *
 *   public FeatureAffine(int features) {
 *     scale = registerParameter("scale", Tensor.ones(features));
 *     shift = registerParameter("shift", Tensor.zeros(features));
 *   }
 *
 *   @Override
 *   public Tensor forward(Tensor x) {
 *     return x.mul(scale).add(shift);   // [N, features] * [features] broadcasts over the batch
 *   }
 * }
 *
 * var random = new SplittableRandom(42);
 * Module model = new Sequential(new Linear(784, 128, random), new ReLU(), new FeatureAffine(128),
 *     new Linear(128, 10, random));   // parameters: 0.weight, 0.bias, 2.scale, 2.shift, 3.weight, 3.bias
 * }</pre>
 */
package dev.jgrad.nn;
