package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {

  @Test
  void valuesAndArgumentsThatAreNotPlainWordsAreSingleQuoted() {
    assertThat(ShellQuote.join(List.of("echo", "a b", "$(id)", "it's", "")))
        .isEqualTo("echo 'a b' '$(id)' 'it'\\''s' ''");
  }

  @Test
  void shellNamesAreAssignmentsInFrontOfTheCommand() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HIP_VISIBLE_DEVICES", "0,1");
    env.put("_x", "a b");

    assertThat(ShellQuote.withEnv(env, List.of("vllm", "serve")))
        .isEqualTo("HIP_VISIBLE_DEVICES=0,1 _x='a b' vllm serve");
  }

  @Test
  void anEnvNameThatIsNoShellNameIsQuotedAndHandedToEnvSoNothingRuns() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OK", "1");
    env.put("A;touch /tmp/x;B", "1");
    env.put("X$(id)", "2");

    String line = ShellQuote.withEnv(env, List.of("vllm", "serve"));

    assertThat(line).isEqualTo("env OK=1 'A;touch /tmp/x;B=1' 'X$(id)=2' vllm serve");
  }

  @Test
  void
      aWordIsLeftBareExactlyWhenItIsMadeOfSafeCharactersAndANameIsAnAssignmentExactlyWhenItIsAShellName() {
    // The rules as regular expressions, against every character a word might hold.
    StringBuilder chars = new StringBuilder();
    for (char c = 0; c < 256; c++) {
      chars.append(c);
    }
    chars.append("éß€\u2028");
    for (int i = 0; i < chars.length(); i++) {
      for (String w :
          List.of(
              String.valueOf(chars.charAt(i)),
              "a" + chars.charAt(i),
              chars.charAt(i) + "1",
              "--x=" + chars.charAt(i) + "y")) {
        boolean safe = w.matches("[A-Za-z0-9_@%+=:,./-]+");
        assertThat(ShellQuote.quote(w))
            .as("%s", w)
            .isEqualTo(safe ? w : "'" + w.replace("'", "'\\''") + "'");
        boolean name = w.matches("[A-Za-z_][A-Za-z0-9_]*");
        assertThat(ShellQuote.withEnv(Map.of(w, "v"), List.of("x")))
            .as("%s", w)
            .startsWith(name ? w + "=v " : "env ");
      }
    }
  }
}
