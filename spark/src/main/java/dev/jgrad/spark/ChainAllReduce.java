package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * An all-reduce among the n workers of one training run over plain TCP, summing in rank order so
 * that the result does not depend on timing: worker i holds a connection to worker i − 1 (its left)
 * and i + 1 (its right). The sum travels the chain in chunks, 0 → 1 → … → n − 1, each worker
 * adding its own values to the partial sum it receives (so every element is ((x₀ + x₁) + x₂) + …),
 * and the last worker's result travels back n − 1 → … → 0. Because the chunks are pipelined, each
 * phase costs about one pass of the whole vector over one link plus n − 1 chunks of latency: per
 * worker 2·N values sent and received, whatever n is (a ring all-reduce sends 2·N·(n − 1)/n, but
 * sums each element in a different rotation of the workers).
 *
 * <p>Channels are {@link SocketChannel}s in blocking mode, so a thread interrupted by Spark's task
 * kill leaves its read at once ({@code ClosedByInterruptException}), and a worker that dies closes
 * its connections, which ends its neighbours' reads with an {@link EOFException}: a failed task takes
 * the whole run down rather than leaving the others blocked.
 */
final class ChainAllReduce implements AutoCloseable {
  /** Values per chunk: 64 K floats (256 KiB) keeps the pipeline full without tiny writes. */
  static final int CHUNK = 1 << 16;

  private final int rank;
  private final int size;
  private final SocketChannel left;
  private final SocketChannel right;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);

  private ChainAllReduce(int rank, int size, SocketChannel left, SocketChannel right) {
    this.rank = rank;
    this.size = size;
    this.left = left;
    this.right = right;
  }

  /** A listening socket for a worker's left neighbour to connect to, on an ephemeral port of {@code host}. */
  static ServerSocketChannel listen(String host) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(host, 0));
    return server;
  }

  /**
   * Joins the chain: connects to the right neighbour's listening socket and accepts the left
   * neighbour's connection, checking that each end is who it says.
   *
   * @param rank this worker's place, 0 to {@code addresses.size() - 1}
   * @param addresses every worker's listening address ("host:port"), by rank
   * @param server this worker's listening socket (closed on return: the chain is built)
   */
  static ChainAllReduce connect(int rank, List<String> addresses, ServerSocketChannel server) throws IOException {
    int size = addresses.size();
    checkArgument(rank >= 0 && rank < size, "ChainAllReduce: rank %s of %s workers", rank, size);
    SocketChannel right = null;
    SocketChannel left = null;
    try (server) {
      if (rank + 1 < size) {
        right = SocketChannel.open(parse(addresses.get(rank + 1)));
        right.setOption(StandardSocketOptions.TCP_NODELAY, true);
        writeInt(right, rank);
      }
      if (rank > 0) {
        left = server.accept();
        left.setOption(StandardSocketOptions.TCP_NODELAY, true);
        int from = readInt(left);
        if (from != rank - 1) {
          throw new IOException("ChainAllReduce: worker " + rank + " expected worker " + (rank - 1)
              + " on its left, but worker " + from + " connected");
        }
      }
      return new ChainAllReduce(rank, size, left, right);
    } catch (IOException | RuntimeException e) {
      closeQuietly(left);
      closeQuietly(right);
      throw e;
    }
  }

  private static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    checkArgument(colon > 0, "ChainAllReduce: not a host:port address: %s", address);
    return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }

  /** The number of workers. */
  int size() {
    return size;
  }

  /**
   * Replaces {@code values} on every worker by the sum over workers, added in rank order.
   *
   * @param values this worker's values; every worker passes the same length
   */
  void sum(float[] values) {
    run(values.length, 4, new Values() {
      @Override
      public void addReceived(int from, int n) {
        for (int i = 0; i < n; i++) {
          values[from + i] = buffer.getFloat(4 * i) + values[from + i];
        }
      }

      @Override
      public void takeReceived(int from, int n) {
        buffer.asFloatBuffer().get(values, from, n);
      }

      @Override
      public void put(int from, int n) {
        buffer.asFloatBuffer().put(values, from, n);
      }
    });
  }

  /**
   * Replaces {@code values} on every worker by the sum over workers, added in rank order.
   *
   * @param values this worker's values; every worker passes the same length
   */
  void sum(double[] values) {
    run(values.length, 8, new Values() {
      @Override
      public void addReceived(int from, int n) {
        for (int i = 0; i < n; i++) {
          values[from + i] = buffer.getDouble(8 * i) + values[from + i];
        }
      }

      @Override
      public void takeReceived(int from, int n) {
        buffer.asDoubleBuffer().get(values, from, n);
      }

      @Override
      public void put(int from, int n) {
        buffer.asDoubleBuffer().put(values, from, n);
      }
    });
  }

  /** The array being reduced, seen through the chunk buffer. */
  private interface Values {
    /** values[from, from + n) += the received chunk, received first: (x₀ + … + xᵢ₋₁) + xᵢ. */
    void addReceived(int from, int n);

    /** values[from, from + n) = the received chunk. */
    void takeReceived(int from, int n);

    /** The buffer = values[from, from + n). */
    void put(int from, int n);
  }

  private void run(int length, int bytesPerValue, Values values) {
    try {
      // Down the chain: each worker adds its values to the partial sums from its left.
      for (int from = 0; from < length && right != null; from += CHUNK) {
        int n = Math.min(CHUNK, length - from);
        if (left != null) {
          read(left, bytesPerValue * n);
          values.addReceived(from, n);
        }
        send(right, values, from, n, bytesPerValue);
      }
      if (right == null && left != null) {
        // The last worker completes the sums, then sends them back; all of them first, because its
        // left neighbour reads nothing back until it has sent everything (else both could block on
        // full socket buffers).
        for (int from = 0; from < length; from += CHUNK) {
          int n = Math.min(CHUNK, length - from);
          read(left, bytesPerValue * n);
          values.addReceived(from, n);
        }
        for (int from = 0; from < length; from += CHUNK) {
          send(left, values, from, Math.min(CHUNK, length - from), bytesPerValue);
        }
        return;
      }
      // Back up the chain: the last worker's sums, passed on to the left.
      for (int from = 0; from < length && right != null; from += CHUNK) {
        int n = Math.min(CHUNK, length - from);
        read(right, bytesPerValue * n);
        values.takeReceived(from, n);
        if (left != null) {
          write(left);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ChainAllReduce: worker " + rank + " of " + size + " lost a neighbour", e);
    }
  }

  private void send(SocketChannel to, Values values, int from, int n, int bytesPerValue) throws IOException {
    buffer.clear();
    values.put(from, n);
    buffer.limit(bytesPerValue * n);
    write(to);
  }

  private void write(SocketChannel to) throws IOException {
    buffer.position(0);
    while (buffer.hasRemaining()) {
      to.write(buffer);
    }
  }

  private void read(SocketChannel from, int bytes) throws IOException {
    buffer.clear().limit(bytes);
    while (buffer.hasRemaining()) {
      if (from.read(buffer) < 0) {
        throw new EOFException("the neighbour closed its connection (its task failed or was killed)");
      }
    }
    buffer.flip();
  }

  private static void writeInt(SocketChannel to, int value) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).putInt(value).flip();
    while (b.hasRemaining()) {
      to.write(b);
    }
  }

  private static int readInt(SocketChannel from) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4);
    while (b.hasRemaining()) {
      if (from.read(b) < 0) {
        throw new EOFException("ChainAllReduce: a neighbour closed its connection before saying who it is");
      }
    }
    return b.flip().getInt();
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing after a failure: the first exception is the one to report
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(left);
    closeQuietly(right);
  }
}
