package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullProcessTest {
  @Test
  void theChildJvmKeepsAimJavaOptsAndWatchesItsParent() {
    Settings s =
        new Settings(
            Map.of(
                "AIM_JAVA_OPTS",
                " -Dhttps.proxyHost=proxy.corp -Dhttps.proxyPort=3128  -Duser.home=/data/u "),
            Path.of("/home/u"));
    List<String> cmd = PullProcess.command(s, "/jdk/bin/java", "/cp.jar", "org/m", "main");
    assertThat(cmd.get(0)).isEqualTo("/jdk/bin/java");
    assertThat(cmd.subList(1, 4))
        .containsExactly(
            "-Dhttps.proxyHost=proxy.corp", "-Dhttps.proxyPort=3128", "-Duser.home=/data/u");
    assertThat(cmd).contains("-D" + PullProcess.WATCH_PROPERTY + "=true");
    assertThat(cmd.subList(cmd.size() - 5, cmd.size()))
        .containsExactly("cache", "pull", "org/m", "--revision", "main");
    assertThat(cmd).doesNotContain("-XX:TieredStopAtLevel=1");
  }
}
