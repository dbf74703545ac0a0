package dev.jgrad.nn.data;

import dev.jgrad.nn.io.FileFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic number (two zero bytes, a
 * type code — 0x08 for unsigned bytes, the only type these datasets use — and the number of
 * dimensions), one big-endian 32-bit size per dimension, then the data, row-major. Files may be
 * gzip-compressed (recognised by their first bytes, whatever their name).
 *
 * <p>Everything is checked: the magic number, that every size is positive, and that the data is
 * exactly as long as the sizes say — a truncated file or one with trailing bytes is refused with a
 * {@link FileFormatException} naming the file and the problem.
 *
 * <pre>{@code
 * IdxReader.Idx images = IdxReader.readImages(dir.resolve("train-images-idx3-ubyte.gz"));  // [60000, 28, 28]
 * IdxReader.Idx labels = IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));  // [60000]
 * }</pre>
 */
public final class IdxReader {
  /** Unsigned bytes in 3 dimensions: [count, rows, columns] images. */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Unsigned bytes in 1 dimension: [count] labels. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int GZIP_MAGIC = 0x8b1f;

  private IdxReader() {}

  /**
   * The contents of an IDX file of unsigned bytes: its dimensions and its data, row-major.
   *
   * @param dims the size of each dimension, the first counting the items
   * @param data the elements, row-major, as raw (signed) bytes
   */
  public record Idx(int[] dims, byte[] data) {
    /**
     * Element {@code i} of the data as the unsigned value it stands for, 0 to 255.
     *
     * @param i the index into the data, row-major
     * @return the element as an int from 0 to 255
     */
    public int unsigned(int i) {
      return data[i] & 0xff;
    }

    /**
     * The number of items: the first dimension.
     *
     * @return the number of images or labels in the file
     */
    public int count() {
      return dims[0];
    }

    @Override
    public String toString() {
      return "Idx" + Arrays.toString(dims);
    }
  }

  /**
   * Reads an IDX file of images: magic 0x00000803, dimensions [count, rows, columns].
   *
   * @param file the file, gzipped or not
   * @return the images' dimensions and pixels
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if it is not a well-formed IDX file of images
   */
  public static Idx readImages(Path file) throws IOException {
    return read(file, IMAGES_MAGIC);
  }

  /**
   * Reads an IDX file of labels: magic 0x00000801, dimension [count].
   *
   * @param file the file, gzipped or not
   * @return the labels' count and values
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if it is not a well-formed IDX file of labels
   */
  public static Idx readLabels(Path file) throws IOException {
    return read(file, LABELS_MAGIC);
  }

  /**
   * Reads an IDX file of unsigned bytes with any number of dimensions.
   *
   * @param file the file, gzipped or not
   * @return the file's dimensions and data
   * @throws IOException if the file cannot be read
   * @throws FileFormatException if it is not a well-formed IDX file of unsigned bytes
   */

  public static Idx read(Path file) throws IOException {
    return read(file, -1);
  }

  private static Idx read(Path file, int expectedMagic) throws IOException {
    boolean gzip = isGzip(file);
    try (InputStream in = open(file, gzip)) {
      int magic = readInt(in, file, "the magic number");
      if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) == 0) {
        throw new FileFormatException(
            file,
            String.format(
                "not an IDX file of unsigned bytes: magic number 0x%08x (expected 0x000008NN, NN the number of"
                    + " dimensions%s)",
                magic, expectedMagic < 0 ? "" : String.format(", here 0x%08x", expectedMagic)));
      }
      if (expectedMagic >= 0 && magic != expectedMagic) {
        throw new FileFormatException(
            file,
            String.format(
                "magic number 0x%08x means %d dimensions, expected 0x%08x (%s)",
                magic, magic & 0xff, expectedMagic, expectedMagic == IMAGES_MAGIC ? "images" : "labels"));
      }
      int[] dims = new int[magic & 0xff];
      long size = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = readInt(in, file, "dimension " + i);
        if (dims[i] <= 0) {
          throw new FileFormatException(file, "dimension " + i + " is " + dims[i] + ", not positive");
        }
        size *= dims[i];
        if (size > Integer.MAX_VALUE - 8) {
          throw new FileFormatException(file, "dimensions " + Arrays.toString(dims) + " are too large to load");
        }
      }
      long header = 4L + 4L * dims.length;
      if (!gzip) {
        long length = Files.size(file);
        if (length != header + size) {
          throw new FileFormatException(
              file,
              String.format(
                  "%s: dimensions %s need %d bytes of data after the %d-byte header, but the file has %d",
                  length < header + size ? "truncated" : "trailing bytes",
                  Arrays.toString(dims), size, header, length - header));
        }
      }
      byte[] data = new byte[(int) size];
      int read = in.readNBytes(data, 0, data.length);
      if (read < data.length) {
        throw new FileFormatException(
            file,
            String.format(
                "truncated: dimensions %s need %d bytes of data, but only %d follow the header",
                Arrays.toString(dims), size, read));
      }
      if (in.read() != -1) {
        throw new FileFormatException(
            file, "trailing bytes after the " + size + " bytes of data that dimensions " + Arrays.toString(dims) + " need");
      }
      return new Idx(dims, data);
    } catch (EOFException | ZipException e) {
      throw new FileFormatException(file, "corrupted or truncated gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      int b0 = in.read();
      int b1 = in.read();
      return b0 >= 0 && b1 >= 0 && (b0 | (b1 << 8)) == GZIP_MAGIC;
    }
  }

  private static InputStream open(Path file, boolean gzip) throws IOException {
    InputStream raw = Files.newInputStream(file);
    try {
      return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : new BufferedInputStream(raw, 1 << 16);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static int readInt(InputStream in, Path file, String what) throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length < 4) {
      throw new FileFormatException(file, "truncated: the file ends inside the header, in " + what);
    }
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
