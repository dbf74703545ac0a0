/**
 * Optimizers that update parameters in place under no-grad — {@link dev.jgrad.nn.optim.SGD} (with
 * momentum, Nesterov and weight decay), {@link dev.jgrad.nn.optim.Adam} and {@link
 * dev.jgrad.nn.optim.AdamW} — and learning-rate schedules ({@link
 * dev.jgrad.nn.optim.LearningRateSchedule}: step, exponential, cosine, warm-up). Each optimizer is
 * built by a builder whose defaults are public constants, validated in {@code build()}.
 *
 * <pre>{@code
 * Optimizer opt = SGD.builder(model.parameters()).learningRate(0.1).momentum(0.9).nesterov(true).build();
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
package dev.jgrad.nn.optim;
