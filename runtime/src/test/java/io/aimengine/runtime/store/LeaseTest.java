package io.aimengine.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {
  @TempDir Path home;

  @Test
  void aLeaseKeepsTheMigInstancesOfItsGpus() throws Exception {
    Endpoint e;
    try (EndpointStore store = EndpointStore.open(home, new FakeReality(), Clock.systemUTC())) {
      e = store.reserve(Reservations.onSlices("a", Set.of(0), List.of("MIG-aaa"), 8000));
    }
    Path run = home.resolve("run/a");
    Lease.write(run, e);

    Endpoint back = Lease.read(run).orElseThrow().toEndpoint();
    assertThat(back.gpus()).containsExactly(0);
    assertThat(back.gpuSlices()).containsExactly("MIG-aaa");
  }

  /** The JSON Jackson's data binding wrote for the record, which leases on disk hold. */
  private static final com.fasterxml.jackson.databind.ObjectMapper BINDING =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static Lease sample(String containerId) {
    return new Lease(
        "a",
        "org/model",
        "served",
        "general/r",
        "vllm",
        containerId == null ? "process" : "container",
        "ready",
        "127.0.0.1",
        8000,
        List.of(0, 3),
        "MI300X",
        123,
        456,
        789,
        1011,
        "/tmp/a.log",
        "/health",
        "on-failure",
        1_796_219_176_982L,
        containerId,
        List.of("MIG-aaa"));
  }

  @Test
  void aLeaseIsWrittenAsTheRecordsDataBindingWroteIt() throws Exception {
    for (Lease l : List.of(sample(null), sample("e4d5ff483e44"))) {
      Endpoint e = l.toEndpoint();
      Path run = home.resolve("run/" + l.runtime());
      Lease.write(run, e);

      assertThat(Files.readString(run.resolve(Lease.FILE)))
          .isEqualTo(BINDING.writeValueAsString(Lease.of(e)));
      assertThat(Lease.read(run)).contains(Lease.of(e));
    }
  }

  @Test
  void aLeaseWrittenByTheDataBindingReadsAsTheSameRecord() throws Exception {
    Path run = home.resolve("run/a");
    Files.createDirectories(run);
    for (Lease l : List.of(sample(null), sample("e4d5ff483e44"))) {
      Files.writeString(run.resolve(Lease.FILE), BINDING.writeValueAsString(l));

      assertThat(Lease.read(run)).contains(l);
    }
  }

  @Test
  void aLeaseOfAnotherShapeIsUnreadableAndUnknownFieldsAreIgnored() throws Exception {
    Path run = home.resolve("run/odd");
    Files.createDirectories(run);
    for (String bad :
        List.of(
            "[]",
            "{\"name\":3}",
            "{\"port\":\"8000\"}",
            "{\"port\":1.5}",
            "{\"gpus\":[\"0\"]}",
            "{\"gpuSlices\":\"MIG-a\"}",
            "{\"name\":")) {
      Files.writeString(run.resolve(Lease.FILE), bad);
      assertThat(Lease.read(run)).as(bad).isEmpty();
    }
    Files.writeString(run.resolve(Lease.FILE), "{\"name\":\"odd\",\"later\":{\"x\":1}}");
    assertThat(Lease.read(run).orElseThrow().name()).isEqualTo("odd");
  }

  @Test
  void aLeaseWrittenBeforeMigInstancesWereKeptReadsAsWholeGpus() throws Exception {
    Path run = home.resolve("run/old");
    Files.createDirectories(run);
    Files.writeString(
        run.resolve(Lease.FILE),
        """
        {"name":"old","model":"m","engine":"vllm","runtime":"process","state":"ready",
         "host":"127.0.0.1","port":8000,"gpus":[2],"gpuModel":"MI300X","pid":1,"pidStart":1,
         "launcherPid":1,"launcherStart":1,"logPath":"/tmp/old.log","createdAt":0}
        """);

    Endpoint back = Lease.read(run).orElseThrow().toEndpoint();
    assertThat(back.gpus()).containsExactly(2);
    assertThat(back.gpuSlices()).isEmpty();
  }
}
