/**
 * Loss functions — mean squared error, binary cross-entropy on probabilities and from logits,
 * cross-entropy from logits with class labels — as functions ({@link dev.jgrad.nn.loss.Losses}) and
 * as objects ({@link dev.jgrad.nn.loss.Loss}), each with MEAN, SUM or NONE reduction.
 */
package dev.jgrad.nn.loss;
