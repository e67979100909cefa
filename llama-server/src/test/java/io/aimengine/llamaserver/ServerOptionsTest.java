package io.aimengine.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void acceptsLlamaServerSpellingsLongShortAndEquals() {
    ServerOptions o =
        ServerOptions.parse(
            "-m",
            "/m/tiny.gguf",
            "-c",
            "4096",
            "-np",
            "2",
            "-ngl",
            "0",
            "-t",
            "3",
            "--host",
            "0.0.0.0",
            "--port=9001",
            "--alias",
            "tiny",
            "--metrics",
            "--batch-size",
            "512");
    assertThat(o)
        .isEqualTo(new ServerOptions("/m/tiny.gguf", 4096, 2, 0, 3, "0.0.0.0", 9001, "tiny", -1));
  }

  @Test
  void flashAttnTakesAnOptionalValueAndUnsupportedFeaturesAreRefused() {
    assertThat(ServerOptions.parse("-m", "m", "-fa", "on", "--port", "1").port()).isEqualTo(1);
    assertThat(ServerOptions.parse("-m", "m", "--flash-attn", "--port", "2").port()).isEqualTo(2);
    assertThatThrownBy(() -> ServerOptions.parse("-m", "m", "--api-key", "k"))
        .hasMessageContaining("--api-key is not supported by aim-llama-server");
  }

  @Test
  void defaultsFollowLlamaServer() {
    ServerOptions o = ServerOptions.parse("--model", "/m/tiny.gguf");
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.parallel()).isEqualTo(1);
    assertThat(o.alias()).isEqualTo("/m/tiny.gguf");
  }

  @Test
  void rejectsUnknownFlagsMissingValuesAndBadNumbers() {
    assertThatThrownBy(() -> ServerOptions.parse("--model", "m", "--max-model-len", "5"))
        .hasMessage("unknown argument: --max-model-len");
    assertThatThrownBy(() -> ServerOptions.parse("--model")).hasMessage("--model needs a value");
    assertThatThrownBy(() -> ServerOptions.parse("--model", "m", "--port", "x"))
        .hasMessageContaining("--port expects an integer");
    assertThatThrownBy(() -> ServerOptions.parse("--port", "80"))
        .hasMessage("--model FILE is required");
  }
}
