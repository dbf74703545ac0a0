/**
 * Data: {@link dev.jgrad.nn.data.Dataset} and {@link dev.jgrad.nn.data.ArrayDataset}, the
 * mini-batch {@link dev.jgrad.nn.data.DataLoader} (seeded shuffling, last-batch policy, batches
 * copied into float arrays without boxing), the {@link dev.jgrad.nn.data.IdxReader} for MNIST-style
 * IDX files, the {@link dev.jgrad.nn.data.FashionMnist} loader, and {@link
 * dev.jgrad.nn.data.Standardizer}.
 */
package dev.jgrad.nn.data;
