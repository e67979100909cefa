package io.aimengine.core.catalog;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML reading for catalog files, and conversion of YAML nodes to plain Java values.
 *
 * <p>Catalog roots can come from anyone ({@code AIM_CATALOG_PATH}, {@code recipes validate}), and
 * SnakeYAML's scanner is quadratic in a long scalar (1 MiB: ~10 s; 50 MB: 13 min, 6 GB). So sizes
 * are capped before parsing: a file larger than {@link #MAX_FILE_BYTES} is not read past the cap,
 * and the parser itself refuses documents, strings, nesting and aliases beyond small limits.
 * Thread-safe.
 */
final class Yaml {
  /** Catalog files are a few KiB; anything larger than this is refused before parsing. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /** Nesting a catalog file needs: a handful of levels (compilation-config maps). */
  static final int MAX_DEPTH = 32;

  /**
   * The parser, created on first parse: {@link #readFile} alone (the built-in catalog's files,
   * taken from the {@link CatalogIndex}) loads neither Jackson nor SnakeYAML.
   */
  private static final class Parser {
    static final ObjectMapper MAPPER = new ObjectMapper(factory());
  }

  private static YAMLFactory factory() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_FILE_BYTES);
    loader.setNestingDepthLimit(MAX_DEPTH);
    loader.setMaxAliasesForCollections(50);
    loader.setAllowRecursiveKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxDocumentLength(MAX_FILE_BYTES)
                .maxStringLength(MAX_FILE_BYTES)
                .maxNestingDepth(MAX_DEPTH)
                .maxNameLength(4096)
                .build())
        .build();
  }

  private Yaml() {}

  /**
   * Reads a catalog file as UTF-8 text, refusing one larger than {@link #MAX_FILE_BYTES} without
   * reading past the cap (a FIFO or a growing file included).
   *
   * @throws IOException the file cannot be read, or is too large (message says so)
   */
  static String readFile(Path f) throws IOException {
    if (f.getFileSystem() == FileSystems.getDefault()) {
      // java.io first: a plan reads ~80 catalog files, and the NIO channel stream costs several
      // times as much per file on a cold start. A file it cannot read is read again below, so
      // that the error is reported as it always was.
      byte[] b = null;
      try (InputStream in = new FileInputStream(f.toFile())) {
        b = in.readNBytes(MAX_FILE_BYTES + 1);
      } catch (IOException e) {
        b = null;
      }
      if (b != null) {
        return text(b);
      }
    }
    try (InputStream in = Files.newInputStream(f)) {
      return text(in.readNBytes(MAX_FILE_BYTES + 1));
    }
  }

  private static String text(byte[] b) throws TooLarge {
    if (b.length > MAX_FILE_BYTES) {
      throw tooLarge();
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * Parses one YAML document.
   *
   * @throws IOException not YAML, or beyond the size, nesting or alias limits
   */
  static JsonNode read(String text) throws IOException {
    if (text.length() > MAX_FILE_BYTES) {
      throw tooLarge();
    }
    JsonNode n = Parser.MAPPER.readTree(text);
    return n == null ? Parser.MAPPER.missingNode() : n;
  }

  /**
   * A YAML value as plain Java: null, Boolean, Long, Double, String, List, or Map (insertion
   * order). Integers become Long so callers compare one type.
   */
  static Object plain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(plain(e)));
      return l;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
    return m;
  }

  private static TooLarge tooLarge() {
    return new TooLarge();
  }

  /** A file or text over {@link #MAX_FILE_BYTES}: invalid input rather than a read failure. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("larger than " + (MAX_FILE_BYTES >> 20) + " MiB; catalog files are a few KiB");
    }
  }

  /** First line of a parser error, without Jackson's source excerpt. */
  static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
