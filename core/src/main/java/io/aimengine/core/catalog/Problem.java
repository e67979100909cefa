package io.aimengine.core.catalog;

/**
 * One finding about a catalog file, printed as {@code file:field: severity: message}.
 *
 * @param file the file path as given
 * @param field dotted field path inside the file ("engine_args.max-batch-size"), or "" for the
 *     whole file
 * @param severity error or warning
 * @param message what is wrong and what to do
 */
public record Problem(String file, String field, Severity severity, String message) {

  /** Error fails validation (exit 2); warning does not. */
  public enum Severity {
    ERROR,
    WARNING;

    public String label() {
      return this == ERROR ? "error" : "warning";
    }
  }

  public static Problem error(String file, String field, String message) {
    return new Problem(file, field, Severity.ERROR, message);
  }

  public static Problem warning(String file, String field, String message) {
    return new Problem(file, field, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return file + ":" + field + ": " + severity.label() + ": " + message;
  }
}
