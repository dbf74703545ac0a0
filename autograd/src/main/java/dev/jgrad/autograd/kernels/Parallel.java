package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one pool of persistent workers that large kernels split their work over. Its size, counting
 * the calling thread (which always takes part), starts at the system property {@code jgrad.threads}
 * (default: the available processors) and can be changed at any time with {@link #threads(int)};
 * one thread starts no worker. A malformed property logs one warning and keeps the default, rather
 * than failing the class's initialization (which would break every later call for the life of the
 * JVM).
 *
 * <p>Why not an {@code ExecutorService}: submitting to one costs tens of microseconds a call, which
 * eats the gain on a 128 × 128 product. Here a call publishes a job in a volatile field; workers that
 * finished a job recently are still spinning and pick it up within a microsecond; workers idle for
 * longer than {@link #SPIN_NANOS} are parked (they use no CPU) and are unparked by the call; workers
 * idle for {@link #KEEP_ALIVE_NANOS} end, and start again when needed.
 *
 * <p>Parts are claimed from a counter, so which thread runs a part varies from call to call;
 * callers make each part compute its own output elements completely, so results never depend on
 * the split. One job runs at a time: a call made while the pool is busy (from a part, or from
 * another thread) runs its parts on the calling thread.
 */
final class Parallel {
  private Parallel() {}

  /** How long an idle worker spins before it parks. */
  private static final long SPIN_NANOS = 200_000;

  /**
   * How long a parked worker waits for work before it ends. Workers start again on the next split
   * call (in about 0.1 ms), so an idle program holds no threads, and an application redeployed in a
   * fresh class loader leaves no thread behind to keep the old loader alive.
   */
  static final long KEEP_ALIVE_NANOS = 2_000_000_000L;

  /** How long a caller whose parts are done spins before it parks, waiting for the workers' parts. */
  private static final long CALLER_SPIN_NANOS = 20_000;

  /** Held while a job runs and while the pool is resized. */
  private static final AtomicBoolean BUSY = new AtomicBoolean();
  private static volatile Job current;
  /** Threads that work on a split call, the caller included. */
  private static volatile int threads = threadCount(System.getProperty("jgrad.threads"));
  /** The running workers; changed only under BUSY. */
  private static Worker[] workers = new Worker[0];

  /** The property's value, or the available processors when it is unset or malformed. */
  static int threadCount(String value) {
    int available = Runtime.getRuntime().availableProcessors();
    if (value == null || value.isBlank()) {
      return available;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.getLogger("dev.jgrad").log(System.Logger.Level.WARNING,
        "jgrad.threads: expected a positive integer, got \"" + value + "\"; using " + available);
    return available;
  }

  /** Threads that work on a split call, the caller included. */
  static int threads() {
    return threads;
  }

  /**
   * Sets the threads that work on a split call, the caller included. Waits for a running job to
   * finish; surplus workers stop, missing ones start on the next split call.
   */
  static void threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads: expected at least 1, got " + n);
    }
    while (!BUSY.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
    try {
      threads = n;
      if (workers.length > n - 1) {
        for (int i = n - 1; i < workers.length; i++) {
          workers[i].stop = true;
          LockSupport.unpark(workers[i]);
        }
        workers = Arrays.copyOf(workers, n - 1);
      }
    } finally {
      BUSY.set(false);
    }
  }

  /** One call's work: parts [0, parts) of body. */
  private static final class Job {
    final IntConsumer body;
    final int parts;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile Throwable failure;

    Job(IntConsumer body, int parts, Thread caller) {
      this.body = body;
      this.parts = parts;
      this.caller = caller;
    }

    /** Claims and runs parts until none is left. */
    void work() {
      for (int i; (i = next.getAndIncrement()) < parts; ) {
        try {
          body.accept(i);
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          }
        }
        if (done.incrementAndGet() == parts && Thread.currentThread() != caller) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  private static final class Worker extends Thread {
    volatile boolean parked;
    volatile boolean stop;

    Worker(int index) {
      super("jgrad-worker-" + index);
      setDaemon(true);
      setContextClassLoader(null); // not the caller's: a worker must not keep an application's loader
    }

    @Override
    public void run() {
      Job seen = null;
      while (!stop) {
        Job job = current;
        if (job == null || job == seen) {
          job = await(seen);
          if (job == null) {
            return;
          }
        }
        seen = job;
        job.work();
      }
    }

    /** Spins for a while, then parks, until a job other than {@code seen} is published; null once stopped. */
    private Job await(Job seen) {
      long start = System.nanoTime();
      int spins = 0;
      while (!stop) {
        Job job = current;
        if (job != null && job != seen) {
          return job;
        }
        if (++spins % 64 != 0 || System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        parked = true;
        job = current;
        if (job == null || job == seen) {
          LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
        }
        parked = false;
        if (System.nanoTime() - start >= KEEP_ALIVE_NANOS && retire()) {
          return null;
        }
      }
      return null;
    }

    /** Leaves the pool after a long idle time, unless a job or a resize holds it. */
    private boolean retire() {
      if (!BUSY.compareAndSet(false, true)) {
        return false;
      }
      try {
        Worker[] pool = workers;
        int at = Arrays.asList(pool).indexOf(this);
        if (at >= 0) {
          Worker[] rest = new Worker[pool.length - 1];
          System.arraycopy(pool, 0, rest, 0, at);
          System.arraycopy(pool, at + 1, rest, at, pool.length - at - 1);
          workers = rest;
        }
        stop = true;
        return true;
      } finally {
        BUSY.set(false);
      }
    }
  }

  /**
   * Runs {@code body} for every part in [0, parts), on the pool's threads and this one, and returns
   * when all are done. An exception from a part is rethrown here after the other parts finish.
   */
  static void forEach(int parts, IntConsumer body) {
    if (parts <= 1 || threads == 1 || !BUSY.compareAndSet(false, true)) {
      for (int i = 0; i < parts; i++) body.accept(i);
      return;
    }
    Job job = new Job(body, parts, Thread.currentThread());
    try {
      Worker[] pool = workers();
      current = job;
      for (Worker w : pool) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      job.work();
      long start = System.nanoTime();
      int spins = 0;
      while (job.done.get() < parts) {
        // The parts left are running on workers: spin a little, then park (the last one to finish
        // unparks this thread; the timeout only guards against a lost wake-up).
        if (++spins % 64 != 0 || System.nanoTime() - start < CALLER_SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(job, 100_000);
        }
      }
    } finally {
      current = null; // let the job's captured arrays go
      BUSY.set(false);
    }
    Throwable failure = job.failure;
    if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** Splits [0, n) into at most {@link #threads()} ranges whose bounds are multiples of {@code unit}. */
  static int parts(int n, int unit) {
    int units = (n + unit - 1) / unit;
    return Math.max(1, Math.min(threads, units));
  }

  /** The start of range {@code part} of {@code parts} over [0, n), a multiple of unit (or n). */
  static int bound(int part, int parts, int n, int unit) {
    int units = (n + unit - 1) / unit;
    return Math.min(n, (int) ((long) units * part / parts) * unit);
  }

  /** Started on first use and after the pool grew, under the BUSY flag, so never twice. */
  private static Worker[] workers() {
    int wanted = threads - 1;
    if (workers.length < wanted) {
      Worker[] pool = Arrays.copyOf(workers, wanted);
      for (int i = workers.length; i < wanted; i++) {
        pool[i] = new Worker(i + 1);
        pool[i].start();
      }
      workers = pool;
    }
    return workers;
  }
}
