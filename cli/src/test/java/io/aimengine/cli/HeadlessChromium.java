package io.aimengine.cli;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens an HTML file in headless Chromium (from apt) and returns the DOM after its scripts ran.
 * When Chromium is absent it tries {@code apt-get install -y chromium} once; when that fails too
 * the calling test is skipped, loudly (the reason printed on stderr and in the skip message).
 */
final class HeadlessChromium {
  private static Path binary;
  private static String missing;

  private HeadlessChromium() {}

  /** The DOM of {@code html} after load, or the test is skipped when no Chromium can be had. */
  static String dumpDom(Path html, Path profile) throws Exception {
    Path chromium = require();
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--dump-dom",
                html.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("chromium did not finish in 60 s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static synchronized Path require() throws Exception {
    if (binary == null && missing == null) {
      binary = find();
      if (binary == null) {
        Process p =
            new ProcessBuilder("apt-get", "install", "-y", "chromium")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        binary = find();
        if (binary == null) {
          missing =
              "SKIPPED: headless Chromium is not installed and 'apt-get install -y chromium' "
                  + (done ? "exited " + p.exitValue() : "did not finish")
                  + "; the HTML report's charts were not checked in a browser";
          System.err.println(missing);
        }
      }
    }
    assumeThat(binary).as(missing).isNotNull();
    return binary;
  }

  private static Path find() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/snap/bin")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
