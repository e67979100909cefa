package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogTimestampsTest {
  private static final String SHOW = "org.slf4j.simpleLogger.showDateTime";
  private static final String FORMAT = "org.slf4j.simpleLogger.dateTimeFormat";

  @Test
  void theSharedLoggingConfigurationHasNoDateFormatForCommandsToParse() throws Exception {
    Properties p = new Properties();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("simplelogger.properties")) {
      assertThat(in).isNotNull();
      p.load(in);
    }
    assertThat(p).containsEntry("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    assertThat(p).doesNotContainKeys(FORMAT, SHOW);
  }

  @Test
  void theOperatorsLogLinesAreTimestamped() {
    String show = System.getProperty(SHOW);
    String format = System.getProperty(FORMAT);
    try {
      OperatorCommand.timestampedLogs();
      assertThat(System.getProperty(SHOW)).isEqualTo("true");
      assertThat(System.getProperty(FORMAT)).isEqualTo("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    } finally {
      restore(SHOW, show);
      restore(FORMAT, format);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
