/**
 * Performance measurements of jgrad: JMH benchmarks of the kernels, the autograd engine and
 * whole training steps, and the side-by-side comparison of the same workloads with PyTorch and
 * NumPy. Nothing here is part of the library; it only measures it.
 */
package dev.jgrad.benchmarks;
