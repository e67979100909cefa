package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileChecksTest {
  @TempDir Path root;

  private List<Problem> validate(String rel, String text) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return TestCatalogs.validator().validate(List.of(f)).problems();
  }

  @Test
  void aModelFileWithoutIdIsAnErrorNamingTheField() throws IOException {
    assertThat(validate("models/acme/Foo-7B.yaml", "name: Foo\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.isError()).isTrue();
              assertThat(p.field()).isEqualTo("id");
              assertThat(p.message()).isEqualTo("required field is missing");
            });
  }

  @Test
  void aModelFileWhoseIdDisagreesWithItsPathWarns() throws IOException {
    String body =
        "id: acme/Bar-7B\nparameters: 7000000000\narchitecture:\n  num_hidden_layers: 32\n"
            + "  hidden_size: 4096\n  num_attention_heads: 32\n";
    assertThat(validate("models/acme/Foo-7B.yaml", body))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
              assertThat(p.message()).contains("lookups go by path");
            });
  }

  @Test
  void aCompleteModelFileHasNoProblems() throws IOException {
    String body =
        "id: acme/Foo-7B\nparameters: 7000000000\narchitecture:\n  num_hidden_layers: 32\n"
            + "  hidden_size: 4096\n  num_attention_heads: 32\n";
    assertThat(validate("models/acme/Foo-7B.yaml", body)).isEmpty();
  }

  @Test
  void aModelFileWithoutArchitectureWarns() throws IOException {
    assertThat(validate("models/acme/Foo-7B.yaml", "id: acme/Foo-7B\nparameters: 7000000000\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("architecture"));
  }
}
