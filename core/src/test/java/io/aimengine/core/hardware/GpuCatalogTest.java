package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class GpuCatalogTest {
  @Test
  void namesMatchIgnoringCaseSpacesUnderscoresDashesSlashesAndVendorPrefixes() {
    GpuCatalog gpus = GpuCatalog.builtIn();
    for (String name :
        new String[] {
          "MI300X", "mi300x", "AMD Instinct MI300X", "Instinct mi-300_x", " MI300X\t"
        }) {
      assertThat(gpus.find(name)).as(name).map(GpuSpec::name).contains("MI300X");
    }
    assertThat(gpus.find("H100 80GB HBM3")).map(GpuSpec::name).contains("H100");
    assertThat(gpus.find("NVIDIA A100-SXM4-80GB")).map(GpuSpec::name).contains("A100-80GB");
    assertThat(gpus.find("MI300")).isEmpty();
  }

  @Test
  void theKeyDropsWhatTheRegularExpressionItReplacesDrops() {
    StringBuilder all = new StringBuilder("amd ");
    for (char c = 0; c < 0x3000; c++) {
      all.append(c);
    }
    for (String name :
        new String[] {
          all.toString(),
          "AMD Instinct MI250X / MI250",
          "a\u000Bb\fc\rd\ne_f-g/h i",
          "\u00A0x\u2003"
        }) {
      String k = name.toLowerCase(Locale.ROOT).trim();
      for (String prefix : new String[] {"amd instinct ", "instinct ", "nvidia ", "amd "}) {
        if (k.startsWith(prefix)) {
          k = k.substring(prefix.length());
        }
      }
      assertThat(GpuCatalog.key(name)).isEqualTo(k.replaceAll("[\\s_\\-/]+", ""));
    }
  }
}
