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
