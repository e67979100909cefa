package io.aimengine.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointStoreIT {
  @TempDir Path home;
  FakeReality reality = new FakeReality();
  EndpointStore store;

  @BeforeEach
  void open() {
    reality.aliveLaunchers.add(1L);
    store = EndpointStore.open(home, reality, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Endpoint running(String name, Set<Integer> gpus, int port, long pid) {
    Endpoint e = store.reserve(Reservations.of(name, gpus, port));
    store.started(e.name(), pid, 77, List.of("vllm", "serve"));
    reality.alivePids.add(pid);
    return store.get(e.name()).orElseThrow();
  }

  @Test
  void theStartedArgvReadsBackExactly() {
    List<String> argv =
        List.of("vllm", "serve", "--arg", "a b \"quoted\" \\ ü", "", "--json={\"k\": [1]}");
    Endpoint e = store.reserve(Reservations.of("argv", Set.of(), 8000));
    store.started(e.name(), 4242, 77, argv);
    assertThat(store.get("argv").orElseThrow().argv()).isEqualTo(argv);
  }

  @Test
  void reserveRecordsAStartingRowWithNamePortGpusAndLogPath() {
    Endpoint e = store.reserve(Reservations.of("ep", Set.of(3, 1), 8000));
    assertThat(e.name()).isEqualTo("ep");
    assertThat(e.state()).isEqualTo(EndpointState.STARTING);
    assertThat(e.port()).isEqualTo(8000);
    assertThat(e.gpus()).containsExactly(1, 3);
    assertThat(e.logPath()).isEqualTo(home.resolve("logs/ep.log"));
    assertThat(e.url()).isEqualTo("http://127.0.0.1:8000");
    assertThat(store.gpusInUse()).containsExactly(1, 3);
  }

  @Test
  void defaultNamesGetANumericSuffixWhileTheBaseIsRunning() {
    running("ep", Set.of(0), 8000, 100);
    running("ep", Set.of(1), 8001, 101);
    Endpoint third = store.reserve(Reservations.of("ep", Set.of(2), 8002));
    assertThat(third.name()).isEqualTo("ep-3");
  }

  @Test
  void aStoppedEndpointsNameIsReusedWithoutSuffix() {
    running("ep", Set.of(0), 8000, 100);
    store.stopping("ep");
    store.stopped("ep", 0, "SIGTERM");
    assertThat(store.reserve(Reservations.of("ep", Set.of(0), 8000)).name()).isEqualTo("ep");
  }

  @Test
  void anExplicitNameThatIsRunningIsRefused() {
    running("mine", Set.of(), 8000, 100);
    assertThatThrownBy(() -> store.reserve(Reservations.of("mine", true, Set.of(), 9000, false, 1)))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("an endpoint named mine is already running");
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> store.reserve(Reservations.of("../x", true, Set.of(), 9000, false, 1)))
        .hasMessageContaining("--name '../x'")
        .extracting(e -> ((AimException) e).exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT);
  }

  @Test
  void gpusHeldByALiveEndpointAreRefusedNamingTheHolder() {
    running("a", Set.of(0, 1), 8000, 100);
    assertThatThrownBy(() -> store.reserve(Reservations.of("b", Set.of(1, 2), 8001)))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("GPU 1 is held by endpoint a (starting)")
        .extracting(e -> ((AimException) e).exitCode())
        .isEqualTo(ExitCode.UNEXPECTED_STATE);
  }

  @Test
  void twoMigInstancesOfOneGpuAreHeldSeparatelyAndAWholeGpuClashesWithEither() {
    Endpoint a = store.reserve(Reservations.onSlices("a", Set.of(0), List.of("MIG-aaa"), 8000));
    assertThat(a.gpuSlices()).containsExactly("MIG-aaa");

    Endpoint b = store.reserve(Reservations.onSlices("b", Set.of(0), List.of("MIG-bbb"), 8001));
    assertThat(b.gpus()).containsExactly(0);
    assertThat(store.get("b").orElseThrow().gpuSlices()).containsExactly("MIG-bbb");

    assertThatThrownBy(
            () -> store.reserve(Reservations.onSlices("c", Set.of(0), List.of("MIG-aaa"), 8002)))
        .hasMessageContaining("MIG instance MIG-aaa of GPU 0 is held by endpoint a (starting)")
        .extracting(e -> ((AimException) e).exitCode())
        .isEqualTo(ExitCode.UNEXPECTED_STATE);
    // The whole GPU clashes with both instances (either holder may be named).
    assertThatThrownBy(() -> store.reserve(Reservations.of("d", Set.of(0), 8003)))
        .hasMessageMatching("GPU 0 is held by endpoint [ab] \\(starting\\).*");
  }

  @Test
  void aWholeGpuHeldBlocksItsMigInstances() {
    running("a", Set.of(0), 8000, 100);
    assertThatThrownBy(
            () -> store.reserve(Reservations.onSlices("b", Set.of(0), List.of("MIG-bbb"), 8001)))
        .hasMessageContaining("GPU 0 is held by endpoint a");
  }

  @Test
  void aGpuIsFreeForAPlanOnAnotherOfItsMigInstancesOnly() {
    store.reserve(Reservations.onSlices("a", Set.of(0), List.of("MIG-aaa"), 8000));
    store.reserve(Reservations.of("w", Set.of(1), 8001));

    assertThat(store.gpusInUse()).containsExactly(0, 1);
    assertThat(store.gpusInUse(Map.of(0, "MIG-bbb"))).containsExactly(1);
    assertThat(store.gpusInUse(Map.of(0, "MIG-aaa"))).containsExactly(0, 1);
    assertThat(store.gpusInUse(Map.of(1, "MIG-ccc"))).containsExactly(0, 1);
  }

  @Test
  void gpusOfAFailedEndpointAreFreeAgain() {
    running("a", Set.of(0, 1), 8000, 100);
    store.failed("a", "boom", 1);
    assertThat(store.gpusInUse()).isEmpty();
    assertThat(store.reserve(Reservations.of("b", Set.of(0, 1), 8000)).gpus())
        .containsExactly(0, 1);
  }

  @Test
  void aDefaultPortHeldByAnEndpointOrAnotherProcessMovesToTheNextFree() {
    running("a", Set.of(), 8000, 100);
    reality.busyPorts.add(8001);
    assertThat(store.reserve(Reservations.of("b", Set.of(), 8000)).port()).isEqualTo(8002);
  }

  @Test
  void anExplicitPortThatIsTakenIsAnErrorNamingWhy() {
    running("a", Set.of(), 8000, 100);
    reality.busyPorts.add(9000);
    assertThatThrownBy(() -> store.reserve(Reservations.of("b", false, Set.of(), 8000, true, 1)))
        .hasMessageContaining("port 8000 is held by endpoint a");
    assertThatThrownBy(() -> store.reserve(Reservations.of("b", false, Set.of(), 9000, true, 1)))
        .hasMessageContaining("port 9000 is in use by another process");
  }

  @Test
  void aReadyEndpointWhoseProcessIsGoneReadsAsExitedWithTheRecordedCode() {
    running("a", Set.of(0), 8000, 100);
    store.ready("a", "ok");
    reality.alivePids.remove(100L);
    reality.exitCodes.put("a", 137);
    Endpoint e = store.get("a").orElseThrow();
    assertThat(e.state()).isEqualTo(EndpointState.EXITED);
    assertThat(e.exitCode()).isEqualTo(137);
    assertThat(e.lastError()).contains("exit code 137");
    assertThat(e.endedAt()).isNotNull();
    assertThat(store.gpusInUse()).isEmpty();
    assertThat(reality.released).containsExactly("a");
  }

  @Test
  void aStoppingEndpointWhoseProcessIsGoneReadsAsStopped() {
    running("a", Set.of(0), 8000, 100);
    store.stopping("a");
    reality.alivePids.remove(100L);
    assertThat(store.list()).extracting(Endpoint::state).containsExactly(EndpointState.STOPPED);
  }

  @Test
  void aStartingRowWhoseLauncherDiedBeforeStartingReadsAsFailed() {
    store.reserve(Reservations.of("a", false, Set.of(0), 8000, false, 42));
    Endpoint e = store.get("a").orElseThrow();
    assertThat(e.state()).isEqualTo(EndpointState.FAILED);
    assertThat(e.lastError()).contains("pid 42").contains("before the engine started");
  }

  @Test
  void whatALauncherMadeButNeverRecordedIsEndedWhenItsStartingRowIsRead() {
    // A container created just before the launcher was killed: the row names no pid or id yet.
    store.reserve(Reservations.of("a", false, Set.of(0), 8000, false, 42));
    reality.unrecorded.add("a");
    Endpoint now = store.get("a").orElseThrow();
    assertThat(now.state()).isEqualTo(EndpointState.FAILED);
    assertThat(now.lastError()).contains("during start-up").contains("stopped the engine");
    assertThat(reality.unrecorded).isEmpty();
    assertThat(store.gpusInUse()).isEmpty();
  }

  @Test
  void aStartingRowWithALiveEngineWhoseLauncherDiedIsAbandonedAndReleasedOnRead() {
    Endpoint e = store.reserve(Reservations.of("a", false, Set.of(0, 1), 8000, false, 42));
    reality.aliveLaunchers.add(42L);
    store.started("a", 100, 77, List.of("vllm", "serve"));
    reality.alivePids.add(100L);
    assertThat(store.get("a").orElseThrow().state()).isEqualTo(EndpointState.STARTING);
    reality.aliveLaunchers.remove(42L); // SIGKILL: no hook ran
    assertThat(store.gpusInUse()).isEmpty();
    Endpoint now = store.get("a").orElseThrow();
    assertThat(now.state()).isEqualTo(EndpointState.FAILED);
    assertThat(now.lastError())
        .contains("pid 42")
        .contains("during start-up")
        .contains("stopped the engine");
    assertThat(reality.abandoned).containsExactly(e.name());
    assertThat(reality.alivePids).doesNotContain(100L);
  }

  @Test
  void aLiveEngineMissingFromTheDatabaseIsAdoptedFromItsLeaseAndKeepsItsGpus() throws Exception {
    Endpoint a = running("a", Set.of(0, 1), 8000, 100);
    store.ready("a", "ok");
    reality.leases.add(store.get("a").orElseThrow());
    store.close();
    for (String f : List.of("state.db", "state.db-wal", "state.db-shm")) {
      java.nio.file.Files.deleteIfExists(home.resolve(f));
    }
    store = EndpointStore.open(home, reality, Clock.systemUTC());

    assertThatThrownBy(() -> store.reserve(Reservations.of("b", Set.of(1), 8001)))
        .hasMessageContaining("GPU 1 is held by endpoint a");
    Endpoint back = store.get("a").orElseThrow();
    assertThat(back.state()).isEqualTo(EndpointState.READY);
    assertThat(back.pid()).isEqualTo(a.pid());
    assertThat(back.gpus()).containsExactly(0, 1);
    assertThat(store.events("a")).anyMatch(l -> l.contains("adopted"));
    // A taken name gets a suffix rather than the live engine's run directory.
    assertThat(store.reserve(Reservations.of("a", Set.of(2), 8002)).name()).isEqualTo("a-2");
  }

  @Test
  void aLeaseTheDatabaseAccountsForCostsNoLookAtItsRuntime() {
    running("a", Set.of(0), 8000, 100);
    store.ready("a", "ok");
    reality.leases.add(store.get("a").orElseThrow());
    store.stopped("a", 0, "by request");
    reality.alivePids.remove(100L);
    reality.leasesAsked.clear();

    store.list();
    store.reserve(Reservations.of("b", Set.of(1), 8001));

    // a stopped row with the lease's monitor: nothing to adopt, so its runtime is never asked
    assertThat(reality.leasesAsked).isEmpty();
  }

  @Test
  void restartsTheMonitorRecordedAreCountedAndBecomeEvents() {
    running("a", Set.of(0), 8000, 100);
    store.ready("a", "ok");
    reality.event("a", "restart 1700000000 exit=1 attempt=1 delay=1s");
    reality.event("a", "restart 1700000002 exit=1 attempt=2 delay=2s");
    Endpoint e = store.get("a").orElseThrow();
    assertThat(e.restarts()).isEqualTo(2);
    assertThat(e.lastError()).contains("attempt=2");
    assertThat(store.events("a")).filteredOn(l -> l.contains(" restart ")).hasSize(2);
    store.get("a");
    assertThat(store.events("a")).filteredOn(l -> l.contains(" restart ")).hasSize(2);

    reality.event("a", "gave-up 1700000009 exit=1 crashes=3 window=60s");
    reality.alivePids.remove(100L);
    reality.exitCodes.put("a", 1);
    assertThat(store.get("a").orElseThrow().lastError())
        .isEqualTo("restart policy gave up: 1700000009 exit=1 crashes=3 window=60s");
  }

  @Test
  void rowsSurviveReopeningAndTheDatabaseIsInWalMode() throws Exception {
    running("a", Set.of(0, 5), 8000, 100);
    store.close();
    store = EndpointStore.open(home, reality, Clock.systemUTC());
    assertThat(store.get("a").orElseThrow().gpus()).containsExactly(0, 5);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
        var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void threadsRacingForTheSameGpusLetExactlyOneWin() throws Exception {
    int n = 6;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    List<EndpointStore> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EndpointStore s = EndpointStore.open(home, reality, Clock.systemUTC());
      stores.add(s);
      String name = "t" + i;
      results.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  s.reserve(Reservations.of(name, true, Set.of(0, 1), 8000, false, 1));
                  return true;
                } catch (AimException e) {
                  assertThat(e.getMessage()).contains("held by endpoint");
                  return false;
                }
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    stores.forEach(EndpointStore::close);
    assertThat(won).isEqualTo(1);
    assertThat(store.list()).hasSize(1);
  }

  /**
   * Launches started together on a new AIM_HOME all create the state database at once: one makes it
   * and switches it to WAL while the others open it. SQLite answers some of those openers busy at
   * once, without its busy handler (a connection holding a read lock that needs to write); the open
   * tries again within its 15 s instead of failing the launch.
   */
  @Test
  void threadsOpeningANewStoreAtOnceAllOpenIt() throws Exception {
    store.close();
    for (int round = 0; round < 25; round++) {
      Path fresh = home.resolve("fresh-" + round);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<EndpointStore>> opens = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
        for (int i = 0; i < 6; i++) {
          opens.add(
              pool.submit(
                  () -> {
                    go.await();
                    return EndpointStore.open(fresh, reality, Clock.systemUTC());
                  }));
        }
        go.countDown();
        for (var f : opens) {
          try (EndpointStore s = f.get(60, TimeUnit.SECONDS)) {
            assertThat(s.list()).isEmpty();
          }
        }
      }
    }
    store = EndpointStore.open(home, reality, Clock.systemUTC());
  }

  @Test
  void processesRacingForTheSameGpusLetExactlyOneWin() throws Exception {
    store.close();
    Path go = home.resolve("go");
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ps.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreRaceMain.class.getName(),
                  home.toString(),
                  go.toString(),
                  "p" + i)
              .redirectErrorStream(true)
              .start());
    }
    // Start the race only once every JVM has opened the store and spins on the start file.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () ->
                java.util.stream.IntStream.range(0, 4)
                    .allMatch(i -> Files.exists(home.resolve("ready-p" + i))));
    Files.writeString(go, "");
    List<String> outs = new ArrayList<>();
    for (Process p : ps) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      outs.add(out.lines().reduce((a, b) -> b).orElse(""));
    }
    assertThat(outs).filteredOn(o -> o.startsWith("WON")).hasSize(1);
    assertThat(outs)
        .filteredOn(o -> o.startsWith("LOST"))
        .hasSize(3)
        .allMatch(o -> o.contains("GPUs 0,1 are held by endpoint p"));
    store = EndpointStore.open(home, reality, Clock.systemUTC());
  }

  @Test
  void aCorruptDatabaseIsAClearErrorNamingTheFileAndIsLeftUntouched() throws Exception {
    store.close();
    Path db = home.resolve("state.db");
    Files.deleteIfExists(home.resolve("state.db-wal"));
    Files.deleteIfExists(home.resolve("state.db-shm"));
    byte[] garbage = "this is not sqlite, it is the user's precious data ".repeat(200).getBytes();
    Files.write(db, garbage);
    assertThatThrownBy(() -> EndpointStore.open(home, reality, Clock.systemUTC()))
        .isInstanceOf(AimException.class)
        .hasMessageContaining(db.toString())
        .hasMessageContaining("not a readable AIM Engine state database")
        .extracting(e -> ((AimException) e).exitCode())
        .isEqualTo(ExitCode.UNEXPECTED_STATE);
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    store = EndpointStore.open(home.resolve("fresh"), reality, Clock.systemUTC());
  }

  @Test
  void aForeignSqliteDatabaseOrANewerSchemaIsRefused() throws Exception {
    store.close();
    Path other = home.resolve("other");
    Files.createDirectories(other);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("state.db"))) {
      c.createStatement().execute("CREATE TABLE photos (id INTEGER)");
    }
    assertThatThrownBy(() -> EndpointStore.open(other, reality, Clock.systemUTC()))
        .hasMessageContaining("not AIM Engine's state");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"))) {
      c.createStatement().execute("INSERT INTO schema_version(version) VALUES (99)");
    }
    assertThatThrownBy(() -> EndpointStore.open(home, reality, Clock.systemUTC()))
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("upgrade aim-engine");
    store = EndpointStore.open(home.resolve("fresh"), reality, Clock.systemUTC());
  }
}
