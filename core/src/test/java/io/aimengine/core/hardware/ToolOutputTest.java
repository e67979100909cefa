package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolOutputTest {
  private static final ObjectMapper M = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"value\": 196592, \"unit\": \"MB\"}|206141652992",
        "{\"value\": \"2531\", \"unit\": \"MB\"}|2653945856",
        "{\"value\": 64, \"unit\": \"GB\"}|68719476736",
        "{\"value\": 2353860608, \"unit\": \"B\"}|2353860608",
        "{\"value\": 1, \"unit\": \"MiB\"}|1048576",
        "196592|206141652992",
        "\"65520 MB\"|68702699520",
        "\"N/A\"|",
        "{\"value\": \"N/A\", \"unit\": \"MB\"}|",
        "{\"value\": 5, \"unit\": \"furlongs\"}|",
        "\"lots\"|"
      })
  void readsMemorySizesInEveryShapeToolsPrint(String json, Long expected) throws Exception {
    OptionalLong v = ToolOutput.bytes(M.readTree(json), 1024L * 1024);

    if (expected == null) {
      assertThat(v).isEmpty();
    } else {
      assertThat(v).hasValue(expected);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000:83:00.0, 0000:83:00.0",
    "00000000:18:00.0, 0000:18:00.0",
    "0000:E7:00.0, 0000:e7:00.0",
    "83:00.0, 0000:83:00.0",
    "0001:C1:1F.7, 0001:c1:1f.7",
    "N/A,",
    "garbage,"
  })
  void normalisesPciBusIds(String in, String out) {
    assertThat(ToolOutput.bdf(in)).isEqualTo(out);
  }

  @Test
  void findsJsonAfterBannersAndDropsTextAfterIt() {
    assertThat(ToolOutput.json("WARNING: low power\n  [1, 2]\nDone.\n"))
        .hasValueSatisfying(n -> assertThat(n.size()).isEqualTo(2));
  }

  @Test
  void keepsATopLevelArrayWhole() {
    assertThat(ToolOutput.json("[]")).hasValueSatisfying(n -> assertThat(n.isArray()).isTrue());
    assertThat(ToolOutput.json("[{\"gpu\": 0}]"))
        .hasValueSatisfying(n -> assertThat(n.isArray() && n.size() == 1).isTrue());
  }

  @Test
  void joinsObjectsPrintedOneAfterAnother() {
    assertThat(ToolOutput.json("{\"gpu\": 0}\n{\"gpu\": 1}\n"))
        .hasValueSatisfying(n -> assertThat(n.size()).isEqualTo(2));
  }

  @Test
  void noJsonIsEmpty() {
    assertThat(ToolOutput.json("GPU: 0\n  BDF: 0000:01:00.0\n")).isEmpty();
    assertThat(ToolOutput.json("{\"broken\": ")).isEmpty();
    assertThat(ToolOutput.json("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"N/A", "[N/A]", "[Not Supported]", "'   '", "Unknown"})
  void placeholdersAreAbsentValues(String s) {
    assertThat(ToolOutput.clean(s)).isNull();
  }

  @Test
  void hexIdsParseWithOrWithoutPrefix() {
    assertThat(ToolOutput.hexId("0x74a1")).isEqualTo(0x74a1);
    assertThat(ToolOutput.hexId("74A1")).isEqualTo(0x74a1);
    assertThat(ToolOutput.hexId("0xZZ")).isNull();
    assertThat(ToolOutput.hexId("0x123456789abcdef01")).isNull();
  }
}
