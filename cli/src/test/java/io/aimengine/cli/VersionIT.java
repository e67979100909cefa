package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar's version message carries the commit it was built from. */
class VersionIT {
  @Test
  void thePackagedJarNamesItsVersionCommitAndBuildTime() throws Exception {
    CliRun r = Launcher.run(Map.of(), "--version");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("aim-engine 0.").doesNotContain("aim-engine dev");
    assertThat(r.out()).containsPattern("(?m)^built: +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
            .directory(Launcher.script().getParent().toFile())
            .start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (git.waitFor() == 0 && !head.isEmpty()) {
      // Built by this reactor run, from this checkout.
      assertThat(r.out()).contains("commit:  " + head);
    } else {
      assertThat(r.out()).contains("commit:  unknown");
    }
  }
}
