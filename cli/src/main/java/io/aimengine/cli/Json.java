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
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      if (pretty) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      write(g, view, 0);
    } catch (NotPlain e) {
      return viaMapper(view, pretty); // what was written so far is dropped
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static String viaMapper(Object view, boolean pretty) {
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

  /** Deeper than this, the mapper decides (and refuses cycles as it does). */
  private static final int MAX_DEPTH = 64;

  /** A value {@link #write} does not write as the mapper would: the mapper writes the view. */
  private static final class NotPlain extends RuntimeException {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static void write(JsonGenerator g, Object v, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new NotPlain();
    }
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
        if (!(e.getKey() instanceof String key)) {
          throw new NotPlain();
        }
        g.writeFieldName(key);
        write(g, e.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object x : c) {
        write(g, x, depth + 1);
      }
      g.writeEndArray();
    } else {
      throw new NotPlain();
    }
  }

  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
  }
}
