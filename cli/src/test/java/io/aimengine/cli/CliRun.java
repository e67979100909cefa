package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs one CLI command in-process with a given environment, capturing stdout and stderr. */
record CliRun(int code, String out, String err) {
  static CliRun run(Map<String, String> env, Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new Settings(env, home), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Runs one command offline on a machine with no GPU and no engine: {@code AIM_HOME} under {@code
   * home}, and {@code PATH}, {@code ROCM_PATH} and the sysfs root all an empty directory.
   */
  static CliRun offlineWithoutGpus(Path home, String... args) throws IOException {
    Path empty = Files.createDirectories(home.resolve("empty"));
    return run(
        Map.of(
            "AIM_HOME", home.resolve("aim").toString(),
            "HF_HUB_OFFLINE", "1",
            "PATH", empty.toString(),
            "ROCM_PATH", empty.toString(),
            "AIM_SYSFS_ROOT", empty.toString()),
        home,
        args);
  }
}
