package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML reading for catalog files, and conversion of YAML nodes to plain Java values. */
final class Yaml {
  static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

  private Yaml() {}

  static JsonNode read(String text) throws IOException {
    JsonNode n = MAPPER.readTree(text);
    return n == null ? MAPPER.missingNode() : n;
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

  /** First line of a parser error, without Jackson's source excerpt. */
  static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
