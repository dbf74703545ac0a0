package dev.jgrad.autograd;

/**
 * Thrown inside {@link Autograd#detectAnomaly()} when an operation makes NaN or infinity from finite
 * values: in its forward computation, or in its backward from a finite gradient. The message names
 * the operation, the shapes of its inputs, and where the program recorded it ({@code File.java:LINE}).
 */
public final class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** The operation that made the NaN or infinity, e.g. "log". */
  private final String op;

  /** Where the program called the operation ({@code File.java:LINE}), or null when unknown. */
  private final String site;

  /**
   * Creates the exception.
   *
   * @param message the full message: the operation, its input shapes and where it was called
   * @param op the operation that made the NaN or infinity, as the user called it (e.g. "log")
   * @param site where the program called that operation ({@code File.java:LINE}), or null when
   *     unknown
   */
  public AnomalyException(String message, String op, String site) {
    super(message);
    this.op = op;
    this.site = site;
  }

  /**
   * The operation that made the NaN or infinity, as the user called it (e.g. "log").
   *
   * @return the operation's name
   */
  public String op() {
    return op;
  }

  /**
   * Where the program called that operation ({@code File.java:LINE}), or null when unknown.
   *
   * @return the call site as {@code File.java:LINE}, or null when unknown
   */
  public String site() {
    return site;
  }
}
