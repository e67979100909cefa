package io.aimengine.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The AIM Engine image this operator runs by default: {@code aim-engine:<project version>}. */
public final class Images {
  private Images() {}

  public static String version() {
    Properties p = new Properties();
    try (InputStream in = Images.class.getResourceAsStream("operator.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "dev");
  }

  /** {@code aim-engine:<version>}. */
  public static String defaultImage() {
    return "aim-engine:" + version();
  }
}
