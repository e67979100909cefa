package io.aimengine.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.core.engine.EngineKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which release of an engine is installed here, as the plan for the process runtime asks. */
class EngineCommandsTest {
  @TempDir Path dir;

  private EngineCommands commands(Map<String, String> env) {
    return new EngineCommands(new Settings(env, dir), null);
  }

  /** A console script at PREFIX/bin/NAME whose #! names PREFIX/bin/python3. */
  private Path consoleScript(Path prefix, String name) throws IOException {
    Path python = Files.createDirectories(prefix.resolve("bin")).resolve("python3");
    Files.writeString(python, "");
    Path script = prefix.resolve("bin").resolve(name);
    Files.writeString(script, "#!" + python + "\nimport sys\n");
    script.toFile().setExecutable(true);
    return script;
  }

  private static void distInfo(Path packages, String dirName, String version) throws IOException {
    Path info = Files.createDirectories(packages.resolve(dirName));
    Files.writeString(
        info.resolve("METADATA"),
        "Metadata-Version: 2.1\nName: vllm\nVersion: " + version + "\n\nVersion: 9.9.9 (body)\n");
  }

  @Test
  void theVllmOfAVirtualEnvironmentIsReadFromItsDistInfo() throws Exception {
    Path venv = dir.resolve("venv");
    Path vllm = consoleScript(venv, "vllm");
    distInfo(
        venv.resolve("lib/python3.12/site-packages"),
        "vllm-0.11.2+rocm700.dist-info",
        "0.11.2+rocm700");
    distInfo(venv.resolve("lib/python3.12/site-packages"), "vllm_flash_attn-2.6.dist-info", "2.6");

    assertThat(
            commands(Map.of("AIM_ENGINE_COMMAND_VLLM", vllm.toString()))
                .installedVersion(EngineKind.VLLM))
        .hasValue("0.11.2+rocm700");
  }

  @Test
  void aDebianInstallOnPathThroughEnvIsFound() throws Exception {
    // /usr/local/bin/vllm with #!/usr/bin/env python3, packages in
    // /usr/local/lib/python3.X/dist-packages
    Path usr = dir.resolve("usr");
    Files.createDirectories(usr.resolve("bin"));
    Files.writeString(usr.resolve("bin/python3"), "");
    usr.resolve("bin/python3").toFile().setExecutable(true);
    Path local = Files.createDirectories(usr.resolve("local/bin"));
    Files.writeString(local.resolve("vllm"), "#!/usr/bin/env python3\n");
    local.resolve("vllm").toFile().setExecutable(true);
    distInfo(usr.resolve("local/lib/python3.12/dist-packages"), "vllm-0.10.2.dist-info", "0.10.2");

    Map<String, String> env = new HashMap<>();
    env.put("PATH", local + ":" + usr.resolve("bin"));
    assertThat(commands(env).installedVersion(EngineKind.VLLM)).hasValue("0.10.2");
  }

  @Test
  void aDevelopmentBuildCountsAsItsRelease() throws Exception {
    Path venv = dir.resolve("conda");
    Path vllm = consoleScript(venv, "vllm");
    distInfo(
        venv.resolve("lib/python3.10/site-packages"),
        "vllm-0.11.1rc2.dev161+g8c5a0.dist-info",
        "0.11.1rc2.dev161+g8c5a0");

    assertThat(
            commands(Map.of("AIM_ENGINE_COMMAND_VLLM", vllm.toString()))
                .installedVersion(EngineKind.VLLM))
        .hasValue("0.11.1");
  }

  @Test
  void theVariableWinsOverTheInstallAndIsChecked() throws Exception {
    Path venv = dir.resolve("venv");
    Path vllm = consoleScript(venv, "vllm");
    distInfo(venv.resolve("lib/python3.12/site-packages"), "vllm-0.18.0.dist-info", "0.18.0");

    assertThat(
            commands(
                    Map.of(
                        "AIM_ENGINE_COMMAND_VLLM",
                        vllm.toString(),
                        "AIM_ENGINE_VERSION_VLLM",
                        "0.11.2"))
                .installedVersion(EngineKind.VLLM))
        .hasValue("0.11.2");
    assertThatThrownBy(
            () ->
                commands(Map.of("AIM_ENGINE_VERSION_VLLM", "eleven"))
                    .installedVersion(EngineKind.VLLM))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("AIM_ENGINE_VERSION_VLLM: 'eleven' is not an engine version");
  }

  @Test
  void nothingIsClaimedWhenNoMetadataIsFound() throws Exception {
    Path venv = dir.resolve("venv");
    Path vllm = consoleScript(venv, "vllm");

    assertThat(
            commands(Map.of("AIM_ENGINE_COMMAND_VLLM", vllm.toString()))
                .installedVersion(EngineKind.VLLM))
        .isEmpty();
    assertThat(
            commands(Map.of("PATH", dir.resolve("none").toString()))
                .installedVersion(EngineKind.VLLM))
        .isEmpty();
  }
}
