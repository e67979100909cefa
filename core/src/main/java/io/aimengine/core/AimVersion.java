package io.aimengine.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** AIM Engine's own version, as the build wrote it ("0.1.0-SNAPSHOT"); "dev" when unknown. */
public final class AimVersion {
  private static final String VERSION = load();

  private AimVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        io.aimengine.core.config.BuiltInResources.open(AimVersion.class, "version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.contains("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
