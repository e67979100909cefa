package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The small start-up jar (target/aim-engine-resources.jar, first on bin/aim-engine's class path)
 * answers the resource look-ups of a command's start-up, so that none opens aim-engine.jar.
 */
class StartupResourcesIT {
  @Test
  void itHoldsTheSqliteDriversVersionAsTheDriverReadsIt() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target/aim-engine-resources.jar").toFile())) {
      var entry = jar.getJarEntry("META-INF/maven/org.xerial/sqlite-jdbc/pom.properties");
      assertThat(entry).as("sqlite-jdbc's pom.properties").isNotNull();
      Properties p = new Properties();
      try (InputStream in = jar.getInputStream(entry)) {
        p.load(in);
      }
      assertThat(p.getProperty("version")).isEqualTo(org.sqlite.SQLiteJDBCLoader.getVersion());
    }
  }
}
