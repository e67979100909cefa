package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When output is coloured: a terminal, unless NO_COLOR, TERM=dumb or --no-color; FORCE_COLOR. */
class ColourTest {
  @ParameterizedTest(name = "terminal={0} NO_COLOR={1} FORCE_COLOR={2} TERM={3} --no-color={4}")
  @CsvSource(
      nullValues = "-",
      value = {
        // terminal, NO_COLOR, FORCE_COLOR, TERM, --no-color, coloured
        "true,  -, -, xterm-256color, false, true",
        "false, -, -, xterm-256color, false, false", // a pipe
        "true,  1, -, xterm,          false, false", // NO_COLOR
        "true,  -, -, xterm,          true,  false", // --no-color
        "true,  -, -, dumb,           false, false",
        "true,  -, -, -,              false, true",
        "false, -, 1, -,              false, true", // forced in a pipe
        "false, -, 0, -,              false, false",
        "false, 1, 1, -,              false, false", // NO_COLOR wins over FORCE_COLOR
        "true,  -, 1, -,              true,  false", // so does --no-color
      })
  void colourIsDecidedByTerminalAndTheConventions(
      boolean terminal,
      String noColor,
      String forceColor,
      String term,
      boolean flag,
      boolean coloured) {
    Map<String, String> env = new HashMap<>();
    if (noColor != null) {
      env.put("NO_COLOR", noColor);
    }
    if (forceColor != null) {
      env.put("FORCE_COLOR", forceColor);
    }
    if (term != null) {
      env.put("TERM", term);
    }

    Colour c = Colour.decide(new Settings(env, Path.of("/tmp")), terminal, flag);

    assertThat(c.on()).isEqualTo(coloured);
    assertThat(c.state("ready")).isEqualTo(coloured ? "\u001B[32mready\u001B[39m" : "ready");
    assertThat(Colour.width(c.state("ready"))).isEqualTo(5);
  }
}
