package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.EngineImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aim-engine --version}: build facts from the manifest, engine versions from the table. */
class VersionTest {
  @TempDir Path home;

  private static Attributes manifest(Map<String, String> values) {
    Attributes a = new Attributes();
    values.forEach(a::putValue);
    return a;
  }

  @Test
  void printsTheVersionCommitAndBuildTimeTheManifestCarries() {
    List<String> lines =
        VersionProvider.lines(
            manifest(
                Map.of(
                    "Implementation-Version",
                    "0.3.0",
                    VersionProvider.COMMIT,
                    "afc5d1b0c2d3",
                    VersionProvider.COMMIT_TIME,
                    "2026-12-01T23:20:11Z",
                    VersionProvider.DIRTY,
                    "true",
                    VersionProvider.BUILD_TIME,
                    "2026-12-01T23:45:00Z")),
            EngineImages.builtIn(),
            "25.0.1");

    assertThat(lines.get(0)).isEqualTo("aim-engine 0.3.0");
    assertThat(lines.get(1))
        .isEqualTo(
            "commit:  afc5d1b0c2d3 (with uncommitted changes), committed 2026-12-01T23:20:11Z");
    assertThat(lines.get(2)).isEqualTo("built:   2026-12-01T23:45:00Z");
    assertThat(lines.get(3)).isEqualTo("java:    25.0.1");
  }

  @Test
  void valuesTheBuildCouldNotFillReadAsUnknown() {
    // A build without git leaves the plugin's placeholders unresolved in the manifest.
    List<String> lines =
        VersionProvider.lines(
            manifest(
                Map.of(
                    "Implementation-Version",
                    "0.3.0",
                    VersionProvider.COMMIT,
                    "${git.commit.id.abbrev}",
                    VersionProvider.BUILD_TIME,
                    "${git.build.time}")),
            EngineImages.builtIn(),
            "21");

    assertThat(lines.get(1)).isEqualTo("commit:  unknown");
    assertThat(lines.get(2)).isEqualTo("built:   unknown");
  }

  @Test
  void listsTheNewestPinnedEngineVersionPerEngineAndVendor() {
    EngineImages images = EngineImages.builtIn();
    List<String> lines = VersionProvider.lines(new Attributes(), images, "25");

    assertThat(lines.get(0)).isEqualTo("aim-engine dev");
    for (EngineImages.Pinned row : images.rows()) {
      EngineImages.Pinned newest = images.find(row.engine(), row.vendor(), null).orElseThrow();
      assertThat(lines)
          .as("the line for %s on %s", row.engine(), row.vendor())
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains(" " + newest.engineVersion() + " ")
                      .contains(" " + row.vendor() + " ")
                      .endsWith(newest.reference()));
    }
    // One line per engine x vendor, however many versions the table pins.
    long engineVendorPairs =
        images.rows().stream().map(r -> r.engine() + "/" + r.vendor()).distinct().count();
    assertThat(lines).hasSize(5 + (int) engineVendorPairs);
  }

  @Test
  void theVersionOptionPrintsItAndExitsZero() {
    CliRun r = CliRun.run(Map.of("AIM_HOME", home.toString()), home, "--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("aim-engine dev").contains("commit:", "engines:", "vllm ");
  }

  /** The names of the commands built under the root (aliases and picocli's help left out). */
  private static java.util.Set<String> commands(picocli.CommandLine root) {
    return root.getSubcommands().values().stream()
        .map(c -> c.getCommandName())
        .filter(n -> !n.equals("help"))
        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** Every registered command but picocli's help, which {@link #commands} leaves out. */
  private static final java.util.Set<String> ALL =
      AimCommand.subcommands().keySet().stream()
          .filter(n -> !n.equals("help"))
          .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));

  @Test
  void onlyTheCommandBeingRunHasItsModelBuilt() {
    App app = new App(new io.aimengine.core.config.Settings(Map.of(), home));
    try {
      assertThat(commands(app.commandLine("--version"))).isEmpty();
      assertThat(commands(app.commandLine("plan", "Qwen/Qwen3-32B"))).containsExactly("plan");
      assertThat(commands(app.commandLine("--verbose", "cache", "list"))).containsExactly("cache");
      assertThat(commands(app.commandLine("ls")))
          .as("an alias builds its command")
          .containsExactly("list");
      assertThat(commands(app.commandLine())).isEqualTo(ALL);
      assertThat(commands(app.commandLine("completion", "bash"))).isEqualTo(ALL);
      assertThat(commands(app.commandLine("lanch")))
          .as("a typo gets every command, for the suggestion")
          .isEqualTo(ALL);
    } finally {
      app.close();
    }
  }

  private static Path jar(Path file, boolean manifestFirst) throws java.io.IOException {
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue(VersionProvider.COMMIT, "0123456789ab");
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
      if (!manifestFirst) {
        out.putNextEntry(new java.util.zip.ZipEntry("io/x.class"));
        out.write(new byte[] {1, 2, 3});
        out.closeEntry();
      }
      out.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
      m.write(out);
      out.closeEntry();
      out.putNextEntry(new java.util.zip.ZipEntry("io/y.class"));
      out.write(new byte[] {4});
      out.closeEntry();
    }
    return file;
  }

  @Test
  void readsTheManifestWhereverTheJarHoldsIt() throws Exception {
    assertThat(
            VersionProvider.manifest(jar(home.resolve("first.jar"), true)).getValue("Aim-Commit"))
        .isEqualTo("0123456789ab");
    assertThat(
            VersionProvider.manifest(jar(home.resolve("later.jar"), false)).getValue("Aim-Commit"))
        .isEqualTo("0123456789ab");
    java.nio.file.Files.writeString(home.resolve("broken.jar"), "not a jar");
    assertThat(VersionProvider.manifest(home.resolve("broken.jar"))).isEmpty();
  }
}
