package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.runtime.cache.RepoId;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void lineShowsBytesPercentRateAndEta() {
    String line =
        ProgressBar.line("pull", "Qwen/Qwen3-32B", 16L << 30, 64L << 30, 512.0 * (1 << 20), "");

    assertThat(line)
        .startsWith("pull Qwen/Qwen3-32B [######..................]  25% 16.0 GiB / 64.0 GiB")
        .contains("512 MiB/s")
        .contains("ETA 1:36");
    assertThat(line).hasSize(99); // overwrites the previous line completely
  }

  @Test
  void longWaitsPrintHoursAndNotesAreShown() {
    assertThat(ProgressBar.clock(3 * 3600 + 61)).isEqualTo("3:01:01");
    assertThat(ProgressBar.line("pull", "m/x", 0, 100, 0, "waiting for another download of a"))
        .contains("(waiting for another download of a)")
        .doesNotContain("ETA");
  }

  @Test
  void finishedErasesTheLine() {
    StringWriter w = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(w), "pull");
    bar.started(RepoId.of("m/x"), "c", 1, 100, 0);
    bar.advanced(100);
    bar.finished();

    assertThat(w.toString()).endsWith("\r" + " ".repeat(100) + "\r");
  }
}
