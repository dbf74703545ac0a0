package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An all-reduce among the n workers of one training run over plain TCP, summing in rank order so
 * that the result does not depend on timing: worker i holds a connection to worker i − 1 (its left)
 * and i + 1 (its right). The sum travels the chain in chunks, 0 → 1 → … → n − 1, each worker
 * adding its own values to the partial sum it receives (so every element is ((x₀ + x₁) + x₂) + …),
 * and the last worker sends each finished chunk straight back, n − 1 → … → 0, while later chunks
 * still travel down. Each link carries the vector once in each direction at the same time, so a sum
 * costs about one pass of the vector over one link plus 2·(n − 1) chunk transfers and latencies
 * (the pipeline's fill and drain). A ring all-reduce avoids the fill but sums each element in a
 * different rotation of the workers; this order is the same on every run and every worker. Each
 * sum starts with a header (its number, length and width) that the next worker checks, so replicas
 * that disagree fail instead of misaligning.
 *
 * <p>Channels are {@link SocketChannel}s in blocking mode, so a thread interrupted by Spark's task
 * kill leaves its read at once ({@code ClosedByInterruptException}), and a worker that dies closes
 * its connections, which ends its neighbours' reads with an {@link EOFException}: a failed task takes
 * the whole run down rather than leaving the others blocked.
 */
final class ChainAllReduce implements AutoCloseable {
  /**
   * The most values per chunk: 64 K (256 KiB of floats), few enough system calls on a short chain.
   * A long chain takes smaller chunks, about length / (2·(n − 1)) and at least {@link #MIN_CHUNK},
   * because the pipeline fills in n − 1 chunk transfers (spark/README.md's cost model). The chunk
   * size changes the timing only, never the sums.
   */
  static final int CHUNK = 1 << 16;

  /** The fewest values per chunk (16 KiB of floats): below it, per-message latency dominates. */
  static final int MIN_CHUNK = 1 << 12;

  private final int rank;
  private final int size;
  private final SocketChannel left;
  private final SocketChannel right;
  /** The chunk going down the chain (this thread's). */
  private final ByteBuffer forward = ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  /** The chunk coming back up (the back-phase thread's). */
  private final ByteBuffer backward = ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  /** Takes the sums coming back from the right; none on the last worker. */
  private final ExecutorService backPhase;
  /** How many values this thread has sent down the chain in the current sum. */
  private volatile int sentUpTo;
  /** Sums begun, to check that every worker is at the same one. */
  private int sums;

  private ChainAllReduce(int rank, int size, SocketChannel left, SocketChannel right) {
    this.rank = rank;
    this.size = size;
    this.left = left;
    this.right = right;
    this.backPhase = right == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "jgrad-allreduce-" + rank);
      t.setDaemon(true);
      return t;
    });
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
      public void addReceived(ByteBuffer b, int from, int n) {
        for (int i = 0; i < n; i++) {
          values[from + i] = b.getFloat(4 * i) + values[from + i];
        }
      }

      @Override
      public void takeReceived(ByteBuffer b, int from, int n) {
        b.asFloatBuffer().get(values, from, n);
      }

      @Override
      public void put(ByteBuffer b, int from, int n) {
        b.asFloatBuffer().put(values, from, n);
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
      public void addReceived(ByteBuffer b, int from, int n) {
        for (int i = 0; i < n; i++) {
          values[from + i] = b.getDouble(8 * i) + values[from + i];
        }
      }

      @Override
      public void takeReceived(ByteBuffer b, int from, int n) {
        b.asDoubleBuffer().get(values, from, n);
      }

      @Override
      public void put(ByteBuffer b, int from, int n) {
        b.asDoubleBuffer().put(values, from, n);
      }
    });
  }

  /** The array being reduced, seen through a chunk buffer. */
  private interface Values {
    /** values[from, from + n) += the chunk received in b, the received first: (x₀ + … + xᵢ₋₁) + xᵢ. */
    void addReceived(ByteBuffer b, int from, int n);

    /** values[from, from + n) = the chunk received in b. */
    void takeReceived(ByteBuffer b, int from, int n);

    /** b = values[from, from + n). */
    void put(ByteBuffer b, int from, int n);
  }

  /**
   * Both directions at once: this thread sends the partial sums down the chain while a second
   * thread takes the finished sums coming back up (so the last worker can return each chunk as soon
   * as it is complete, and every link carries data both ways). The second thread writes a chunk of
   * {@code values} only after this thread has sent that chunk: {@code sentUpTo} (volatile) orders
   * the two threads' accesses to each element.
   */
  private void run(int length, int bytesPerValue, Values values) {
    if (size == 1) {
      return; // the sum over one worker
    }
    int chunk = size <= 2 ? CHUNK : (int) Math.clamp(length / (2L * (size - 1)), MIN_CHUNK, CHUNK);
    int number = ++sums;
    sentUpTo = 0;
    Future<?> back = right == null ? null : backPhase.submit(() -> {
      receiveSums(length, chunk, bytesPerValue, values);
      return null;
    });
    try {
      // First a header down the chain: every worker at the same sum, of the same length and width.
      if (left != null) {
        read(left, forward, 12);
        if (forward.getInt(0) != number || forward.getInt(4) != length || forward.getInt(8) != bytesPerValue) {
          close();
          throw new IllegalStateException(String.format("ChainAllReduce: worker %d is at sum %d of %d values of %d"
                  + " bytes, worker %d at sum %d of %d values of %d bytes: the replicas differ (does the model"
                  + " factory make the same model every time?)", rank, number, length, bytesPerValue, rank - 1,
              forward.getInt(0), forward.getInt(4), forward.getInt(8)));
        }
      }
      if (right != null) {
        forward.clear();
        forward.putInt(number).putInt(length).putInt(bytesPerValue).flip();
        write(right, forward);
      }
      for (int from = 0; from < length; from += chunk) {
        int n = Math.min(chunk, length - from);
        if (left != null) {
          read(left, forward, bytesPerValue * n);
          values.addReceived(forward, from, n);
        }
        // Down the chain; the last worker's sums are complete and go straight back.
        send(right != null ? right : left, values, from, n, bytesPerValue);
        sentUpTo = from + n;
      }
      if (back != null) {
        back.get();
      }
    } catch (IOException e) {
      close(); // ends the other thread's wait too
      throw lost(firstCause(back, e));
    } catch (ExecutionException e) {
      close();
      throw lost(e.getCause());
    } catch (InterruptedException e) { // Spark killed the task
      close();
      Thread.currentThread().interrupt();
      throw lost(e);
    }
  }

  /** The second thread: the sums from the right, kept and passed on to the left. */
  private void receiveSums(int length, int chunk, int bytesPerValue, Values values) throws IOException {
    try {
      for (int from = 0; from < length; from += chunk) {
        int n = Math.min(chunk, length - from);
        read(right, backward, bytesPerValue * n);
        while (sentUpTo < from + n) { // already true (the sums came back after it was sent); orders memory
          Thread.onSpinWait();
        }
        values.takeReceived(backward, from, n);
        if (left != null) {
          backward.position(0);
          write(left, backward);
        }
      }
    } catch (IOException | RuntimeException e) {
      close(); // ends the first thread's wait
      throw e;
    }
  }

  /**
   * The failure to report: when the back-phase thread fails, it closes the channels, and this
   * thread's error then says only that they were closed; the back-phase thread's says why.
   */
  private static Throwable firstCause(Future<?> back, IOException forwardError) {
    if (back != null && forwardError instanceof AsynchronousCloseException) {
      try {
        back.get(1, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        e.getCause().addSuppressed(forwardError);
        return e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TimeoutException | CancellationException e) {
        // the back-phase thread did not fail first
      }
    }
    return forwardError;
  }

  private UncheckedIOException lost(Throwable cause) {
    String message = "ChainAllReduce: worker " + rank + " of " + size + " lost a neighbour";
    return cause instanceof IOException io ? new UncheckedIOException(message, io)
        : new UncheckedIOException(message, new IOException(cause));
  }

  private void send(SocketChannel to, Values values, int from, int n, int bytesPerValue) throws IOException {
    forward.clear();
    values.put(forward, from, n);
    forward.limit(bytesPerValue * n);
    write(to, forward);
  }

  private static void write(SocketChannel to, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      to.write(b);
    }
  }

  private static void read(SocketChannel from, ByteBuffer b, int bytes) throws IOException {
    b.clear().limit(bytes);
    while (b.hasRemaining()) {
      if (from.read(b) < 0) {
        throw new EOFException("the neighbour closed its connection (its task failed or was killed)");
      }
    }
    b.flip();
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
    if (backPhase != null) {
      backPhase.shutdownNow();
    }
  }
}
