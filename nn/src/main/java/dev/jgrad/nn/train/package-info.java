/**
 * A small training loop: {@link dev.jgrad.nn.train.Trainer} runs epochs over a {@code DataLoader},
 * reports {@link dev.jgrad.nn.train.EpochMetrics} (loss, accuracy) to {@link
 * dev.jgrad.nn.train.Callback}s, and shows a console progress bar in a terminal.
 */
package dev.jgrad.nn.train;
