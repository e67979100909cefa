package io.aimengine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * JSON output for {@code --json}: views are built as ordered maps with snake_case keys (stable,
 * documented in docs/), pretty-printed, one document per command.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static void print(PrintWriter out, Object view) {
    try {
      out.println(MAPPER.writeValueAsString(view));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** One JSON object on one line (JSON lines: {@code serve --json} events). */
  public static void line(PrintWriter out, Object view) {
    try {
      out.println(
          MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
