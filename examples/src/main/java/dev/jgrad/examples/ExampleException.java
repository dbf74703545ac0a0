package dev.jgrad.examples;

/**
 * A problem the user can fix (missing data, a bad option value): the launcher prints its message
 * alone, without a stack trace, and exits with status 2.
 */
public final class ExampleException extends RuntimeException {
  public ExampleException(String message) {
    super(message);
  }

  public ExampleException(String message, Throwable cause) {
    super(message, cause);
  }
}
