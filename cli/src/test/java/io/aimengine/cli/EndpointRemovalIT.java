package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rm} of a running endpoint: refused without --force; --force stops it, then removes it. */
class EndpointRemovalIT {
  @TempDir Path dir;
  Path home;
  Path catalog;

  @BeforeEach
  void setUp() {
    home = dir.resolve("home");
    catalog = StandIn.catalog(dir.resolve("catalog"));
  }

  @AfterEach
  void stopEverything() {
    if (Files.exists(home.resolve("state.db"))) {
      cli("stop", "--all", "--timeout", "5s");
    }
  }

  private CliRun cli(String... args) {
    return CliRun.run(StandIn.env(home, catalog, "ok"), dir, args);
  }

  @Test
  void rmRefusesARunningEndpointAndForceStopsItFirst() {
    int port = StandIn.freePort();
    CliRun launch =
        cli("launch", "Qwen/Qwen3-8B", "1", "--detach", "--name", "busy", "--port", "" + port);
    assertThat(launch.code()).as(launch.err()).isZero();
    long pgid = StandIn.json(cli("status", "busy", "--json").out()).get("pid").asLong();

    CliRun refused = cli("rm", "busy");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err()).contains("busy is ready").contains("--force");
    assertThat(StandIn.group(pgid)).isNotEmpty();

    CliRun forced = cli("rm", "--force", "busy", "--json", "--timeout", "10s");
    assertThat(forced.code()).as(forced.err()).isZero();
    JsonNode removed = StandIn.json(forced.out()).get("removed").get(0);
    assertThat(removed.get("name").asText()).isEqualTo("busy");
    assertThat(removed.get("stopped").asBoolean()).isTrue();
    assertThat(removed.get("state").asText()).isEqualTo("stopped");
    assertThat(StandIn.group(pgid)).isEmpty();
    assertThat(StandIn.portFree(port)).isTrue();
    assertThat(cli("list", "--all", "--json").out().strip()).isEqualTo("[ ]");
    assertThat(home.resolve("logs/busy.log")).doesNotExist();
  }
}
