package dev.jgrad.autograd;

/**
 * A per-thread mode opened by a call and ended by {@link #close()}: on the thread that opened it,
 * once (closing again does nothing). Anomaly detection and dual levels are such modes.
 */
abstract class ThreadScope implements AutoCloseable {
  private final Thread owner = Thread.currentThread();
  private final String what;
  private boolean closed;

  /** @param what the call that opens it, for the error on a wrong thread (e.g. "detectAnomaly") */
  ThreadScope(String what) {
    this.what = what;
  }

  /** Ends the mode on this thread. */
  abstract void end();

  /**
   * Ends the mode; a second call does nothing.
   *
   * @throws IllegalStateException on a thread other than the one that opened it
   */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          what + ": a scope must be closed on the thread that opened it (" + owner.getName() + ")");
    }
    closed = true;
    end();
  }
}
