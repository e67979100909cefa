package io.aimengine.core.engine;

import io.aimengine.core.AimVersion;
import io.aimengine.core.hardware.GpuVendor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pinned engine images of the catalog ({@code images/engine-images.tsv}, packaged under {@code
 * catalog/images/}): one image per engine × vendor × engine version. Floating tags are refused when
 * the table loads. Immutable; {@link #builtIn()} is shared.
 */
public final class EngineImages {
  private static final String RESOURCE = "/catalog/images/engine-images.tsv";
  private static final EngineImages BUILT_IN = load();

  /**
   * One pinned image.
   *
   * @param engine the engine
   * @param vendor "amd", "nvidia" or "cpu"
   * @param engineVersion the engine release inside
   * @param image repository:tag
   * @param digest "sha256:..." or null when not known
   */
  public record Pinned(
      EngineKind engine, String vendor, String engineVersion, String image, String digest) {

    /** The reference to pull: {@code image@digest} when the digest is known. */
    public String reference() {
      return digest == null ? image : image + "@" + digest;
    }
  }

  private final List<Pinned> rows;

  EngineImages(List<Pinned> rows) {
    this.rows = List.copyOf(rows);
  }

  public static EngineImages builtIn() {
    return BUILT_IN;
  }

  public List<Pinned> rows() {
    return rows;
  }

  /**
   * The image for an engine on a vendor: the row of {@code engineVersion} when given, else the
   * newest row.
   */
  public Optional<Pinned> find(EngineKind engine, String vendor, String engineVersion) {
    // Loops, not streams and Comparator.comparing: every plan asks this, and the JDK's comparator
    // lambdas are linked anew on each start (the start-up cache does not keep their call sites).
    Optional<EngineVersion> want =
        engineVersion == null ? Optional.empty() : EngineVersion.find(engineVersion);
    Pinned newest = null;
    EngineVersion newestVersion = null;
    for (Pinned r : rows) {
      if (r.engine() != engine || !r.vendor().equals(vendor)) {
        continue;
      }
      if (engineVersion != null) {
        if (r.engineVersion().equals(engineVersion)
            || (want.isPresent() && EngineVersion.find(r.engineVersion()).equals(want))) {
          return Optional.of(r);
        }
        continue;
      }
      EngineVersion v = version(r);
      if (newest == null || v.compareTo(newestVersion) > 0) {
        newest = r;
        newestVersion = v;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * The image a container launch of {@code plan} runs unless told otherwise: the newest row of its
   * engine on its GPU vendor ("cpu" without GPUs).
   */
  /** The image a plan of {@code engine} on {@code vendor}'s GPUs (null: the CPU) would name. */
  public Optional<Pinned> defaultFor(EngineKind engine, GpuVendor vendor) {
    return find(engine, vendor == null ? "cpu" : vendor.name().toLowerCase(Locale.ROOT), null);
  }

  private static EngineVersion version(Pinned p) {
    return EngineVersion.find(p.engineVersion())
        .orElse(new EngineVersion(List.of(0), false, 0, p.engineVersion()));
  }

  static EngineImages load() {
    try (InputStream in =
        io.aimengine.core.config.BuiltInResources.open(EngineImages.class, RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), AimVersion.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EngineImages parse(String text, String aimVersion) {
    List<Pinned> rows = new ArrayList<>();
    BufferedReader r = new BufferedReader(new java.io.StringReader(text));
    int n = 0;
    try {
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.replace("{aim_version}", aimVersion).split("\t", -1);
        if (f.length < 5) {
          throw new IllegalStateException(
              RESOURCE + ":" + n + ": expected 5+ tab-separated columns");
        }
        EngineKind engine =
            EngineKind.find(f[0].trim())
                .orElseThrow(() -> new IllegalStateException("unknown engine " + f[0]));
        String image = f[3].trim();
        String tag = image.substring(image.lastIndexOf('/') + 1);
        String t = tag.contains(":") ? tag.substring(tag.indexOf(':') + 1) : "";
        String lower = t.toLowerCase(Locale.ROOT);
        if (t.isEmpty()
            || lower.startsWith("latest")
            || lower.startsWith("nightly")
            || lower.endsWith("-latest")) {
          throw new IllegalStateException(
              RESOURCE + ":" + n + ": " + image + " is not pinned (floating or missing tag)");
        }
        rows.add(
            new Pinned(
                engine, f[1].trim(), f[2].trim(), image, f[4].isBlank() ? null : f[4].trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EngineImages(rows);
  }
}
