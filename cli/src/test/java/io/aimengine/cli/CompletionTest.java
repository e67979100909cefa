package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aim-engine completion bash|zsh|fish}: the bash script is sourced in a real bash and asked
 * for completions as bash's completion machinery would (COMP_WORDS, COMP_CWORD, the registered
 * function).
 */
class CompletionTest {
  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.run(Map.of("AIM_HOME", home.toString()), home, args);
  }

  /** The words bash would offer for the command line {@code words} (the last one being typed). */
  private List<String> complete(String script, String... words) throws Exception {
    Path file = home.resolve("aim-engine.bash");
    Files.writeString(file, script);
    StringBuilder w = new StringBuilder();
    for (String word : words) {
      w.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    String probe =
        "source '"
            + file
            + "' || exit 9\n"
            + "fn=$(complete -p aim-engine | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
            + "[ -n \"$fn\" ] || exit 8\n"
            + "COMP_WORDS=("
            + w
            + ")\n"
            + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
            + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "COMPREPLY=()\n"
            + "\"$fn\" aim-engine \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bash hung");
    }
    assertThat(p.exitValue()).as("bash exit; stderr: %s", err).isZero();
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private String bashScript() {
    CliRun r = run("completion", "bash");
    assertThat(r.code()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void bashCompletesASubcommandFromItsPrefix() throws Exception {
    assertThat(complete(bashScript(), "aim-engine", "la")).containsExactly("launch");
  }

  @Test
  void bashCompletesNestedSubcommandsAndOptions() throws Exception {
    String script = bashScript();
    assertThat(complete(script, "aim-engine", "cache", "pr")).containsExactly("prune");
    assertThat(complete(script, "aim-engine", "plan", "--gpu-c")).containsExactly("--gpu-count");
  }

  @Test
  void bashCompletesCatalogModelIdsAndGpuNames() throws Exception {
    String script = bashScript();
    assertThat(complete(script, "aim-engine", "plan", "Qwen/Qwen3-3")).contains("Qwen/Qwen3-32B");
    assertThat(complete(script, "aim-engine", "launch", "meta-llama/Llama-3.1-4"))
        .contains("meta-llama/Llama-3.1-405B-Instruct");
    assertThat(complete(script, "aim-engine", "plan", "Qwen/Qwen3-32B", "--gpu", "MI30"))
        .contains("MI300X");
  }

  @Test
  void bashCompletesModelsInTheCacheToo() throws Exception {
    // The Hugging Face cache layout: a repo folder with a snapshot is a cached model.
    Path repo = home.resolve("cache/hub/models--acme--tiny-llm");
    Files.createDirectories(repo.resolve("snapshots/0123456789abcdef0123456789abcdef01234567"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), "0123456789abcdef0123456789abcdef01234567");
    CliRun r =
        CliRun.run(
            Map.of("AIM_HOME", home.toString(), "AIM_CACHE_DIR", home.resolve("cache").toString()),
            home,
            "completion",
            "bash");
    assertThat(r.code()).as(r.err()).isZero();

    assertThat(complete(r.out(), "aim-engine", "cache", "rm", "acme/")).contains("acme/tiny-llm");
  }

  @Test
  void zshGetsThePicocliScriptThroughBashcompinit() {
    CliRun r = run("completion", "zsh");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("bashcompinit").contains("complete -F").contains("launch");
  }

  @Test
  void fishGetsCompleteLinesForSubcommandsOptionsAndModelIds() {
    CliRun r = run("completion", "fish");

    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("complete -c aim-engine -n '__aim_engine_is \"\"' -a 'launch'"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("complete -c aim-engine -n '__aim_engine_is \"cache\"' -a 'prune'"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "complete -c aim-engine -n '__aim_engine_is \"plan\"' -l gpu-count"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("complete -c aim-engine -n '__aim_engine_is \"plan\"' -a '")
                    .contains(" Qwen/Qwen3-32B "));
  }

  @Test
  void anUnknownShellIsInvalidInput() {
    CliRun r = run("completion", "powershell");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("powershell").contains("[bash, zsh, fish]");
  }
}
