package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.Inventory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection started ahead ({@link App#detectAhead}) answers as detection on demand does. */
class AppDetectAheadTest {
  @TempDir Path home;

  private App app(String gpu, String count) {
    return new App(
        new Settings(
            Map.of("AIM_HOME", home.toString(), "AIM_GPU_MODEL", gpu, "AIM_GPU_COUNT", count),
            home));
  }

  @Test
  void theInventoryDetectedAheadIsTheOneDetectedOnDemand() {
    App ahead = app("MI300X", "8");
    ahead.detectAhead();
    Inventory a = ahead.inventory();
    Inventory onDemand = app("MI300X", "8").inventory();

    assertThat(a.gpus()).hasSize(8).isEqualTo(onDemand.gpus());
    assertThat(ahead.inventory()).isSameAs(a); // once per command
    ahead.detectAhead(); // a second call starts nothing
    assertThat(ahead.inventory()).isSameAs(a);
    ahead.close();
  }

  @Test
  void aDetectionThatFailsAheadFailsTheCommandThatNeedsIt() {
    App ahead = app("MI999", "8");
    ahead.detectAhead();

    assertThatThrownBy(ahead::inventory)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("unknown GPU model 'MI999'");
    assertThatThrownBy(() -> app("MI999", "8").inventory())
        .isInstanceOf(AimException.class)
        .hasMessageContaining("unknown GPU model 'MI999'");
    ahead.close(); // the failure was the command's to report: close does not throw it
  }
}
