package io.aimengine.core.catalog;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugPrintTest {
  @Test
  void print() {
    String p = System.getProperty("dbg.path");
    if (p == null) return;
    var r = TestCatalogs.validator().validate(List.of(Path.of(p)));
    r.problems().forEach(System.out::println);
    System.out.println("files=" + r.files() + " recipes=" + r.recipes() + " errors=" + r.errors() + " warnings=" + r.warnings());
  }
}
