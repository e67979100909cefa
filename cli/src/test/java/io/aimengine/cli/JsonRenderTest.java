package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Json writes plain views without data binding, byte for byte as the mapper writes them. */
class JsonRenderTest {
  @TempDir Path home;

  private static void sameAsTheMapper(Object view) throws Exception {
    assertThat(Json.render(view, true)).isEqualTo(Json.mapper().writeValueAsString(view));
    assertThat(Json.render(view, false))
        .isEqualTo(
            Json.mapper()
                .writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(view));
  }

  @Test
  void plainValuesOfEveryKindAreWrittenAsTheMapperWritesThem() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "tab\t quote\" backslash\\ newline\n unicode é ✓ \u0001");
    m.put("empty_string", "");
    m.put("null", null);
    m.put("true", true);
    m.put("int", -42);
    m.put("long", 1L << 40);
    m.put("short", (short) 7);
    m.put("byte", (byte) -3);
    m.put("double", 0.1 + 0.2);
    m.put("whole_double", 3.0);
    m.put("nan", Double.NaN);
    m.put("infinity", Double.NEGATIVE_INFINITY);
    m.put("float", 1.5f);
    m.put("big_decimal", new BigDecimal("1e-7"));
    m.put("big_integer", new BigInteger("123456789012345678901234567890"));
    m.put("empty_map", Map.of());
    m.put("empty_list", List.of());
    m.put("list", Arrays.asList(1, null, "x", List.of(2, 3), Map.of("k", "v")));
    m.put("sorted", new TreeMap<>(Map.of("b", 2, "a", 1)));
    sameAsTheMapper(m);
    sameAsTheMapper(List.of(m, m));
    sameAsTheMapper("just a string");
    sameAsTheMapper(null);
  }

  @Test
  void randomTreesAreWrittenAsTheMapperWritesThem() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      sameAsTheMapper(tree(r, 0));
    }
  }

  private static Object tree(SplittableRandom r, int depth) {
    int kind = depth > 4 ? r.nextInt(5) : r.nextInt(7);
    return switch (kind) {
      case 0 -> r.nextBoolean() ? null : "v" + r.nextInt(1000);
      case 1 -> r.nextInt();
      case 2 -> r.nextLong();
      case 3 -> r.nextDouble() * Math.pow(10, r.nextInt(-10, 20));
      case 4 -> r.nextBoolean();
      case 5 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          m.put("k" + r.nextInt(100), tree(r, depth + 1));
        }
        yield m;
      }
      default -> {
        List<Object> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.add(tree(r, depth + 1));
        }
        yield l;
      }
    };
  }

  @Test
  void aViewWithAnythingElseGoesThroughTheMapper() throws Exception {
    record Point(int x, int y) {}
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("point", new Point(1, 2));
    m.put("path", Path.of("/tmp"));
    sameAsTheMapper(m);
    assertThat(Json.render(m, false))
        .isEqualTo("{\"point\":{\"x\":1,\"y\":2},\"path\":\"file:///tmp/\"}");
  }

  @Test
  void realCommandViewsAreWrittenAsTheMapperWritesThem() throws Exception {
    for (String[] args :
        List.of(
            new String[] {
              "plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8", "--json"
            },
            new String[] {
              "plan", "openai/gpt-oss-120b", "--gpu", "MI325X", "--gpu-count", "2", "--json"
            },
            new String[] {"list", "--json"},
            new String[] {"gpus", "--json"})) {
      StringWriter out = new StringWriter();
      int code =
          Main.run(
              new Settings(
                  Map.of(
                      "AIM_HOME", home.toString(), "AIM_GPU_MODEL", "MI300X", "AIM_GPU_COUNT", "8"),
                  home),
              new PrintWriter(out),
              new PrintWriter(new StringWriter()),
              args);
      assertThat(code).as(String.join(" ", args)).isZero();
      Object parsed = Json.mapper().readValue(out.toString(), Object.class);
      assertThat(Json.render(parsed, true) + System.lineSeparator()).isEqualTo(out.toString());
      sameAsTheMapper(parsed);
    }
  }
}
