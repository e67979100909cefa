package io.aimengine.core.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;

/**
 * The small tables every command reads at start-up (GPU table, flag and environment tables, pinned
 * images, version), as class-path resources, or as the same files in the directory that {@value
 * #DIR_PROPERTY} names: {@code bin/aim-engine} names the build's copy ({@code
 * cli/target/start-up-resources}, from which the same build packs the resources jar). A class-path
 * look-up first searches every module of the JDK's boot and platform loaders, then opens the jar
 * through a URL connection: ~7% of a plan's start-up for six files, against a plain file read.
 * Without the property, or for a file the directory lacks, the class path answers as before.
 */
public final class BuiltInResources {
  /** The system property naming the directory; the same paths as on the class path beneath it. */
  public static final String DIR_PROPERTY = "aim.resources.dir";

  private BuiltInResources() {}

  /**
   * The resource {@code name} resolved as {@code anchor.getResourceAsStream(name)} resolves it
   * (relative to the class's package, or absolute with a leading {@code /}); null when there is
   * none.
   */
  public static InputStream open(Class<?> anchor, String name) {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir != null && !dir.isEmpty()) {
      String path =
          name.startsWith("/")
              ? name.substring(1)
              : anchor.getPackageName().replace('.', '/') + "/" + name;
      File f = new File(dir, path);
      if (f.isFile()) {
        try {
          return new FileInputStream(f);
        } catch (FileNotFoundException e) {
          // unreadable: the class path below
        }
      }
    }
    return anchor.getResourceAsStream(name);
  }
}
