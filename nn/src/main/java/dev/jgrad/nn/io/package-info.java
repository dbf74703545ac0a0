/**
 * Checkpoints in the safetensors format ({@link dev.jgrad.nn.io.Safetensors}): atomic saves, and
 * loads that validate the whole file and leave the model unchanged on any error.
 */
package dev.jgrad.nn.io;
