package io.aimengine.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTree builds the tree ObjectMapper.readTree builds, without Jackson's data binding. */
class JsonTreeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Path> fixtures() throws IOException {
    Path dir = Path.of("src/test/resources/fixtures");
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> json = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(json).hasSizeGreaterThan(10);
      return json.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void aRealConfigOrToolOutputGivesTheTreeObjectMapperGives(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode theirs;
    try {
      theirs = MAPPER.readTree(bytes);
    } catch (IOException notJson) { // a tool's output with a warning line before its JSON
      assertThatThrownBy(() -> new JsonTree().read(bytes)).isInstanceOf(IOException.class);
      return;
    }
    assertThat(new JsonTree().read(bytes)).isEqualTo(theirs);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1, \"a\": 2}",
        "{\"int\": 7, \"long\": 8000000000, \"big\": 123456789012345678901234567890,"
            + " \"neg\": -3, \"float\": 0.1, \"exp\": 1e-5, \"whole\": 2.0}",
        "[1, \"two\", true, false, null, [], {}, [[{\"x\": [null]}]]]",
        "\"just a string\"",
        "42",
        "{\"unicode\": \"\\u00e9\\ud83d\\ude00\", \"escaped\": \"a\\\"b\\\\c\\n\"}",
        "{\"a\": 1} trailing",
        "",
        "   ",
      })
  void edgeCasesGiveTheTreeObjectMapperGives(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    JsonNode ours = new JsonTree().read(bytes);
    JsonNode theirs = MAPPER.readTree(bytes);
    assertThat(ours).isEqualTo(theirs);
    assertThat(ours.getNodeType()).isEqualTo(theirs.getNodeType());
    ours.properties()
        .forEach(
            e ->
                assertThat(e.getValue().numberType())
                    .as(e.getKey())
                    .isEqualTo(theirs.get(e.getKey()).numberType()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": ", "{\"a\" 1}", "[1, 2", "{'a': 1}", "nope"})
  void malformedJsonIsRefusedAsObjectMapperRefusesIt(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MAPPER.readTree(bytes)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> new JsonTree().read(bytes)).isInstanceOf(IOException.class);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws IOException {
    String ok = "[".repeat(64) + "]".repeat(64);
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThat(new JsonTree(64).read(ok.getBytes(StandardCharsets.UTF_8)).isArray()).isTrue();
    assertThatThrownBy(() -> new JsonTree(64).read(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nesting depth");
  }
}
