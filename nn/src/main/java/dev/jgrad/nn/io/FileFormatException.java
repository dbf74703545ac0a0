package dev.jgrad.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists and could be read but is not what it claims to be: truncated, corrupted, or of
 * another format. The message names the file and the problem.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public FileFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public FileFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
