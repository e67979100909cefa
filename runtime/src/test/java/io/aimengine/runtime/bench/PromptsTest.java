package io.aimengine.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsTest {
  @TempDir Path dir;

  @Test
  void syntheticPromptsHaveTheWordCountAndDiffer() {
    List<Prompt> p = Prompts.synthetic(3, 20, 1);
    assertThat(p).allSatisfy(x -> assertThat(x.text().split(" ")).hasSize(20));
    assertThat(p.get(0).text()).isNotEqualTo(p.get(1).text());
    assertThat(Prompts.synthetic(3, 20, 1)).isEqualTo(p); // reproducible from the seed
  }

  @Test
  void fittingSeparatesTemplateOverheadFromPerWordCost() {
    // 16 words → 40 tokens, 32 words → 64: 1.5 tokens per word plus 16 of template.
    List<Prompt> p = Prompts.fitted(2, 100, 16, 40, 32, 64, 1);
    assertThat(p.get(0).text().split(" ")).hasSize(56); // (100 − 16) / 1.5
    assertThat(p.get(0).estimatedTokens()).isEqualTo(100);
    assertThat(Prompts.fitted(1, 10, 16, 40, 32, 64, 1).get(0).text().split(" ")).hasSize(1);
  }

  @Test
  void jsonlReadsPromptsAndMessages() throws Exception {
    Path f = dir.resolve("p.jsonl");
    Files.writeString(
        f,
        "{\"prompt\":\"hello\",\"output_tokens\":5}\n\n"
            + "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n");
    List<Prompt> p = Prompts.jsonl(f);
    assertThat(p).hasSize(2);
    assertThat(p.get(0).text()).isEqualTo("hello");
    assertThat(p.get(0).outputTokens()).isEqualTo(5);
    assertThat(p.get(1).messages().get(0).path("content").asText()).isEqualTo("hi");
  }

  @Test
  void aBadJsonlLineIsInvalidInputNamingTheLine() throws Exception {
    Path f = dir.resolve("p.jsonl");
    Files.writeString(f, "{\"prompt\":\"ok\"}\n{\"prompt\":3}\n");
    assertThatThrownBy(() -> Prompts.jsonl(f))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'prompt'");
  }

  @Test
  void requestBodiesAskForUsageAndExactLengths() {
    Workload w = new Workload(Api.CHAT, "m", Prompts.synthetic(1, 3, 1), 7, true);
    String body = new String(w.body(w.prompt(0)));
    assertThat(body)
        .contains("\"stream\":true")
        .contains("\"stream_options\":{\"include_usage\":true}")
        .contains("\"max_completion_tokens\":7")
        .contains("\"ignore_eos\":true")
        .contains("\"min_tokens\":7")
        .contains("\"role\":\"user\"");
    Workload free = new Workload(Api.COMPLETIONS, "m", Prompts.synthetic(1, 3, 1), 7, false);
    assertThat(new String(free.body(free.prompt(0))))
        .contains("\"prompt\":")
        .doesNotContain("ignore_eos");
  }
}
