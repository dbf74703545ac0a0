package dev.jgrad.autograd.engine;

/**
 * Whether operations on this thread record the graph. Per thread, so that independent graphs can be
 * built on many threads at once.
 */
public final class GradMode {
  private GradMode() {}

  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Sets the mode and returns the previous one, for the caller to restore. */
  public static boolean set(boolean enabled) {
    boolean[] state = ENABLED.get();
    boolean previous = state[0];
    state[0] = enabled;
    return previous;
  }
}
