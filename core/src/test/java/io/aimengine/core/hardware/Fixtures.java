package io.aimengine.core.hardware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Tool outputs under src/test/resources/fixtures/tool-outputs (provenance in its README). */
final class Fixtures {
  private Fixtures() {}

  static String read(String name) {
    String path = "/fixtures/tool-outputs/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
