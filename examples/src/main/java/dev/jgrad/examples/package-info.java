/**
 * Runnable programs that follow the course material and go beyond it, from logistic
 * regression to deep L-layer networks, each built from the public {@code dev.jgrad.autograd}
 * and {@code dev.jgrad.nn} APIs. {@code dev.jgrad.examples.Main} is the entry point that the
 * {@code ./jgrad} launcher at the repository root starts.
 */
package dev.jgrad.examples;
