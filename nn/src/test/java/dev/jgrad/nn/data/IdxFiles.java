package dev.jgrad.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files byte by byte, for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** Magic number, big-endian sizes, then the data. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** count images of rows × cols with pixel value (i + j) mod 256 for image i, pixel j. */
  static byte[] images(int count, int rows, int cols) {
    byte[] data = new byte[count * rows * cols];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < rows * cols; j++) {
        data[i * rows * cols + j] = (byte) (i + j);
      }
    }
    return idx(0x803, new int[] {count, rows, cols}, data);
  }

  /** count labels i mod 10. */
  static byte[] labels(int count) {
    byte[] data = new byte[count];
    for (int i = 0; i < count; i++) {
      data[i] = (byte) (i % 10);
    }
    return idx(0x801, new int[] {count}, data);
  }
}
