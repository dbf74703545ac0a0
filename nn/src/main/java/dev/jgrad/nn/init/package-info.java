/**
 * Weight initialisation: {@link dev.jgrad.nn.init.Initializer} and the usual schemes in {@link
 * dev.jgrad.nn.init.Init} — zeros, small normal (the course's ×0.01), Xavier/Glorot and He/Kaiming.
 * Every scheme draws from a {@link java.util.random.RandomGenerator} passed in, so a seeded generator
 * reproduces a network exactly.
 */
package dev.jgrad.nn.init;
