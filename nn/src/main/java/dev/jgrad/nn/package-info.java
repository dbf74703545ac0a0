/**
 * Neural-network building blocks on top of jgrad's autograd: modules and their parameters,
 * layers, losses, weight initialisation, optimizers, datasets and data loaders, and
 * checkpoints that save and restore a model's state. Everything here is written against the
 * public {@code dev.jgrad.autograd} API only, as any user's own layers would be; a network is
 * nothing more than a composition of tensor operations.
 */
package dev.jgrad.nn;
