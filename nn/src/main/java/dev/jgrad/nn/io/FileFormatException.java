package dev.jgrad.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists and could be read but is not what it claims to be: truncated, corrupted, or of
 * another format. The message names the file and the problem.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file at fault; transient, since a {@code Path} is not serializable. */
  private final transient Path file;

  /**
   * An exception whose message is {@code file + ": " + problem}.
   *
   * @param file the file at fault
   * @param problem what is wrong with it, e.g. "truncated: the file ends inside the header"
   */
  public FileFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * An exception whose message is {@code file + ": " + problem}, caused by {@code cause}.
   *
   * @param file the file at fault
   * @param problem what is wrong with it
   * @param cause the lower-level exception that revealed the problem, e.g. a {@code ZipException}
   */
  public FileFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /**
   * The file at fault.
   *
   * @return the file's path, or null after deserialization
   */

  public Path file() {
    return file;
  }
}
