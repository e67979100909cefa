package io.aimengine.cli;

import io.aimengine.core.engine.EngineImages;
import io.aimengine.core.engine.EngineKind;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import picocli.CommandLine;

/**
 * {@code aim-engine --version}: the version, git commit and build time that the build wrote into
 * the jar's manifest (cli/pom.xml), and the engine version of the newest pinned image per engine
 * and vendor ({@code images/engine-images.tsv}: what {@code launch} runs unless told otherwise).
 * Run from classes (tests, IDE) there is no manifest: the version reads "dev" and the commit
 * "unknown".
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  static final String COMMIT = "Aim-Commit";
  static final String COMMIT_TIME = "Aim-Commit-Time";
  static final String DIRTY = "Aim-Dirty";
  static final String BUILD_TIME = "Aim-Build-Time";

  @Override
  public String[] getVersion() {
    return lines(manifest(), EngineImages.builtIn(), Runtime.version().toString())
        .toArray(String[]::new);
  }

  /** The lines of the version message, from manifest attributes (empty when run from classes). */
  static List<String> lines(Attributes manifest, EngineImages images, String javaVersion) {
    List<String> out = new ArrayList<>();
    out.add(
        "aim-engine " + value(manifest, Attributes.Name.IMPLEMENTATION_VERSION.toString(), "dev"));
    String commit = value(manifest, COMMIT, "unknown");
    String commitTime = value(manifest, COMMIT_TIME, null);
    boolean dirty = "true".equals(value(manifest, DIRTY, "false"));
    out.add(
        "commit:  "
            + commit
            + (dirty ? " (with uncommitted changes)" : "")
            + (commitTime == null ? "" : ", committed " + commitTime));
    out.add("built:   " + value(manifest, BUILD_TIME, "unknown"));
    out.add("java:    " + javaVersion);
    out.add("engines: newest pinned image per engine and vendor (images/engine-images.tsv)");
    Map<String, EngineImages.Pinned> newest = new LinkedHashMap<>();
    for (EngineImages.Pinned row : images.rows()) {
      String key = row.engine().label() + "\t" + row.vendor();
      if (!newest.containsKey(key)) {
        images.find(row.engine(), row.vendor(), null).ifPresent(p -> newest.put(key, p));
      }
    }
    int width = 0;
    for (EngineImages.Pinned p : newest.values()) {
      width = Math.max(width, label(p).length());
    }
    for (EngineImages.Pinned p : newest.values()) {
      out.add(
          "  "
              + PlanText.padded(label(p), width)
              + "  "
              + PlanText.padded(p.vendor(), 6)
              + "  "
              + p.reference());
    }
    return out;
  }

  private static String label(EngineImages.Pinned p) {
    return (p.engine() == EngineKind.LLAMACPP ? "llama.cpp" : p.engine().label())
        + " "
        + p.engineVersion();
  }

  /** An attribute's value; {@code fallback} when missing, blank or left unresolved by the build. */
  private static String value(Attributes manifest, String name, String fallback) {
    String v = manifest.getValue(name);
    return v == null || v.isBlank() || v.contains("${") ? fallback : v.trim();
  }

  /** The main attributes of the jar this class was loaded from; empty when run from classes. */
  static Attributes manifest() {
    CodeSource source = VersionProvider.class.getProtectionDomain().getCodeSource();
    Optional<Path> jar = Optional.empty();
    try {
      if (source != null && source.getLocation() != null) {
        jar = Optional.of(Path.of(source.getLocation().toURI())).filter(Files::isRegularFile);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      jar = Optional.empty();
    }
    return jar.isEmpty() ? new Attributes() : manifest(jar.get());
  }

  /** The main attributes of {@code jar}'s manifest; empty when it has none or cannot be read. */
  static Attributes manifest(Path jar) {
    // The manifest is the jar's first entry (the build writes it so): read from the front of the
    // file, JarFile would first index all ~26,000 entries of the central directory (~30% of
    // --version's start-up). A jar whose first entries are not the manifest is opened as before.
    try (JarInputStream in =
        new JarInputStream(new BufferedInputStream(new FileInputStream(jar.toFile())), false)) {
      Manifest m = in.getManifest();
      if (m != null) {
        return m.getMainAttributes();
      }
    } catch (IOException | RuntimeException e) {
      // opened as a JarFile below
    }
    try (JarFile f = new JarFile(jar.toFile(), false)) {
      return f.getManifest() == null ? new Attributes() : f.getManifest().getMainAttributes();
    } catch (IOException e) {
      return new Attributes();
    }
  }
}
