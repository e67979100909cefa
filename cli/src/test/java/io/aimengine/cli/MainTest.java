package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

class MainTest {
  @TempDir Path home;

  /** Every option and parameter type of the whole command tree (auxiliary types included). */
  private static void types(CommandLine cl, List<String> out) {
    for (ArgSpec a : cl.getCommandSpec().args()) {
      out.add(a.type().getName());
      for (Class<?> aux : a.auxiliaryTypes()) {
        out.add(aux.getName());
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      types(sub, out);
    }
  }

  /**
   * The selector provider Main names on Linux is the one the JDK chooses by itself (its default,
   * found without the property in this test JVM), so naming it only spares the class-path scan.
   */
  @Test
  void theNamedSelectorProviderIsTheJdksOwnDefault() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("Linux".equals(System.getProperty("os.name")));
    String before = System.getProperty("java.nio.channels.spi.SelectorProvider");
    try {
      System.clearProperty("java.nio.channels.spi.SelectorProvider");
      Main.namedSelectorProvider();
      assertThat(System.getProperty("java.nio.channels.spi.SelectorProvider"))
          .isEqualTo(java.nio.channels.spi.SelectorProvider.provider().getClass().getName());
      System.setProperty("java.nio.channels.spi.SelectorProvider", "user.Choice");
      Main.namedSelectorProvider();
      assertThat(System.getProperty("java.nio.channels.spi.SelectorProvider"))
          .isEqualTo("user.Choice");
    } finally {
      if (before == null) {
        System.clearProperty("java.nio.channels.spi.SelectorProvider");
      } else {
        System.setProperty("java.nio.channels.spi.SelectorProvider", before);
      }
    }
  }

  @Test
  void noOptionHasAJavaSqlOrJavaTimeTypeSoThePicocliConvertersMainLeavesOutAreNeverNeeded() {
    App app = new App(new Settings(Map.of("AIM_HOME", home.toString()), home));
    List<String> types = new ArrayList<>();
    types(app.commandLine(), types);

    assertThat(types).hasSizeGreaterThan(100);
    assertThat(types).noneMatch(t -> t.matches("java\\.(sql|time)\\..*"));
  }

  @Test
  void theExcludedConvertersAreExactlyTheJavaSqlAndJavaTimeOnes() {
    String previous = System.getProperty(Main.EXCLUDED_CONVERTERS);
    try {
      Main.noReflectiveConverters();
      String regex = System.getProperty(Main.EXCLUDED_CONVERTERS);
      assertThat("java.sql.Timestamp".matches(regex)).isTrue();
      assertThat("java.time.Duration".matches(regex)).isTrue();
      assertThat("java.lang.String".matches(regex)).isFalse();
      assertThat("java.nio.file.Path".matches(regex)).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty(Main.EXCLUDED_CONVERTERS);
      } else {
        System.setProperty(Main.EXCLUDED_CONVERTERS, previous);
      }
    }
  }

  @Test
  void aLiveNonDaemonThreadInAnyGroupKeepsTheJvmAlive() throws InterruptedException {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ThreadGroup own = new ThreadGroup("test-group");
    Thread worker =
        new Thread(
            own,
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "test-non-daemon");
    worker.start();
    try {
      assertThat(Main.onlyThisThreadKeepsTheJvmAlive()).isFalse();
    } finally {
      release.countDown();
      worker.join();
    }
  }
}
