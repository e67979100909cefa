package io.aimengine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON output for {@code --json}: views are built as ordered maps with snake_case keys (stable,
 * documented in docs/), pretty-printed, one document per command.
 *
 * <p>A view made only of maps with string keys, collections, strings, numbers, booleans and nulls
 * (every view AIM Engine builds) is written with jackson-core's generator and the same pretty
 * printer, without Jackson's data binding: setting that up (serializer factories, introspection)
 * was half of {@code plan --json}'s main thread. Any other value sends the whole view through the
 * {@link ObjectMapper}, which writes the same bytes for plain views ({@code JsonTest}).
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The data-binding mapper, built on first use. */
  private static final class Mapper {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  public static void print(PrintWriter out, Object view) {
    out.println(render(view, true));
    out.flush();
  }

  /** One JSON object on one line (JSON lines: {@code serve --json} events). */
  public static void line(PrintWriter out, Object view) {
    out.println(render(view, false));
    out.flush();
  }

  /**
   * {@code view} as {@link #print} ({@code pretty}) or {@link #line} write it, without the newline.
   */
  static String render(Object view, boolean pretty) {
    if (!plain(view, 0)) {
      try {
        return pretty
            ? Mapper.MAPPER.writeValueAsString(view)
            : Mapper.MAPPER
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(view);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot render JSON", e);
      }
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      if (pretty) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      write(g, view);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Deeper than this, the mapper decides (and refuses cycles as it does). */
  private static final int MAX_DEPTH = 64;

  /** Whether {@code v} holds only values {@link #write} writes as the mapper would. */
  private static boolean plain(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Double
        || v instanceof Float
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigDecimal
        || v instanceof BigInteger) {
      return true;
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof Collection<?> c) {
      for (Object x : c) {
        if (!plain(x, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).intValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeStartArray();
      for (Object x : (Collection<?>) v) {
        write(g, x);
      }
      g.writeEndArray();
    }
  }

  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
  }
}
