package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The catalog's image table against the flag tables: what an image runs, the plan can check. */
class EngineImagesTest {

  @Test
  void everyPinnedImagesEngineVersionIsCoveredByItsEnginesFlagTable() {
    assertThat(EngineImages.builtIn().rows()).isNotEmpty();
    for (EngineImages.Pinned p : EngineImages.builtIn().rows()) {
      FlagSchema schema = FlagSchema.forEngine(p.engine());
      assertThat(schema.all()).as("flag table of %s", p.engine()).isNotEmpty();
      if (schema.latestKnownVersion().isEmpty()) {
        continue; // a table without versions (llama.cpp: AIM Engine's own server in its image)
      }
      EngineVersion latest = EngineVersion.parse(schema.latestKnownVersion().get(), "table");
      assertThat(EngineVersion.find(p.engineVersion()))
          .as("%s: engine version %s is a release number", p.image(), p.engineVersion())
          .isPresent();
      assertThat(
              EngineVersion.parse(p.engineVersion(), "image").isBefore(latest)
                  || EngineVersion.parse(p.engineVersion(), "image").equals(latest))
          .as(
              "%s ships %s %s, newer than its flag table (%s)",
              p.image(), p.engine().label(), p.engineVersion(), latest)
          .isTrue();
    }
  }

  @Test
  void noPinnedImageFloats() {
    for (EngineImages.Pinned p : EngineImages.builtIn().rows()) {
      assertThat(p.image()).doesNotEndWith(":latest").doesNotContain("nightly").contains(":");
    }
  }
}
