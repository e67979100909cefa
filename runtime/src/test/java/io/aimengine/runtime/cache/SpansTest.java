package io.aimengine.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpansTest {
  @TempDir Path tmp;

  @Test
  void rangesMergeAndTheMissingOnesAreCutIntoChunks() throws Exception {
    Spans s = Spans.load(tmp.resolve("x.incomplete"), 100);
    s.add(0, 10);
    s.add(30, 40);
    s.add(10, 20);
    s.add(35, 50);

    assertThat(s.done()).isEqualTo(40);
    assertThat(s.prefix()).isEqualTo(20);
    assertThat(s.missing(15))
        .containsExactly(
            new long[] {20, 30},
            new long[] {50, 65},
            new long[] {65, 80},
            new long[] {80, 95},
            new long[] {95, 100});
  }

  @Test
  void cursorsInFlightCountAndAreSavedForTheNextPull() throws Exception {
    Path part = tmp.resolve("x.incomplete");
    Files.write(part, new byte[100]); // sparse in practice: only the ranges hold data
    Files.writeString(Spans.sidecarOf(part), "");
    Spans s = Spans.load(part, 100);
    Spans.Cursor a = s.open(0);
    Spans.Cursor b = s.open(60);
    a.pos = 25;
    b.pos = 70;

    assertThat(s.prefix()).isEqualTo(25);
    s.save();
    Spans again = Spans.load(part, 100);

    assertThat(again.done()).isEqualTo(35);
    assertThat(again.missing(1000)).containsExactly(new long[] {25, 60}, new long[] {70, 100});
  }

  @Test
  void anIncompleteFileWithoutRangesIsAPrefixAsHuggingfaceHubWritesIt() throws Exception {
    Path part = tmp.resolve("x.incomplete");
    Files.write(part, new byte[42]);

    Spans s = Spans.load(part, 100);

    assertThat(s.prefix()).isEqualTo(42);
  }

  @Test
  void rangesBeyondWhatIsOnDiskAreNotTrusted() throws Exception {
    Path part = tmp.resolve("x.incomplete");
    Files.write(part, new byte[50]);
    Files.writeString(Spans.sidecarOf(part), "0 30\n40 90\ngarbage\n");

    Spans s = Spans.load(part, 100);

    assertThat(s.done()).isEqualTo(40); // 0-30 and 40-50
  }

  @Test
  void rangesWithoutTheirFileAreForgotten() throws Exception {
    Path part = tmp.resolve("x.incomplete");
    Files.writeString(Spans.sidecarOf(part), "0 30\n");

    Spans s = Spans.load(part, 100);

    assertThat(s.done()).isZero();
    assertThat(Spans.sidecarOf(part)).doesNotExist();
  }

  @Test
  void aSaveThatFailsLeavesNoTemporaryFileBehind() throws Exception {
    java.nio.file.Path part = tmp.resolve("blob.incomplete");
    java.nio.file.Files.write(part, new byte[100]);
    Spans s = Spans.load(part, 100);
    // The sidecar's place is taken by a non-empty directory: the final rename fails, as a full
    // disk makes the write before it fail.
    java.nio.file.Path sidecar = Spans.sidecarOf(part);
    java.nio.file.Files.createDirectories(sidecar.resolve("x"));

    org.assertj.core.api.Assertions.assertThatThrownBy(s::save)
        .isInstanceOf(java.io.IOException.class);

    try (var files = java.nio.file.Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }
}
