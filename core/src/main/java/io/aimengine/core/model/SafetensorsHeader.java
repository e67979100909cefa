package io.aimengine.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the tensor table of a {@code .safetensors} file: an 8-byte little-endian header length,
 * then a JSON object mapping tensor names to {@code data_offsets}. Only the header is read.
 */
public final class SafetensorsHeader {
  private static final JsonTree JSON = new JsonTree();

  /** The format's own limit on the JSON header. */
  public static final long MAX_HEADER = 100L * 1024 * 1024;

  private SafetensorsHeader() {}

  /** Sum of tensor byte ranges in the file; 0 when it is not a readable safetensors file. */
  public static long tensorBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] len = in.readNBytes(8);
      if (len.length < 8) {
        return 0;
      }
      long headerLen = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER) {
        return 0;
      }
      JsonNode header = JSON.read(in.readNBytes((int) headerLen));
      long total = 0;
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        JsonNode off = e.getValue().get("data_offsets");
        if (off != null && off.size() == 2) {
          total += off.get(1).asLong() - off.get(0).asLong();
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The JSON header's length from a file's first 8 bytes (little-endian), or -1 when they do not
   * start a safetensors file (short, zero, or beyond {@link #MAX_HEADER}).
   */
  public static long headerLength(byte[] first) {
    if (first.length < 8) {
      return -1;
    }
    long n = ByteBuffer.wrap(first, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return n <= 0 || n > MAX_HEADER ? -1 : n;
  }

  /**
   * Parameter counts per dtype from a header's JSON (each tensor's {@code dtype} and the product of
   * its {@code shape}); {@code __metadata__} is skipped.
   *
   * @throws IOException when the bytes are not a JSON object of tensors
   */
  public static DtypeCounts counts(byte[] json) throws IOException {
    JsonNode header = JSON.read(json);
    if (header == null || !header.isObject()) {
      throw new IOException("safetensors header is not a JSON object");
    }
    java.util.Map<String, Long> by = new java.util.HashMap<>();
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      String dtype = t.path("dtype").asText("");
      JsonNode shape = t.get("shape");
      if (dtype.isEmpty() || shape == null || !shape.isArray()) {
        throw new IOException("tensor " + e.getKey() + " has no dtype or shape");
      }
      long n = 1;
      for (JsonNode d : shape) {
        n = Math.multiplyExact(n, d.asLong());
      }
      by.merge(dtype, n, Long::sum);
    }
    return new DtypeCounts(by);
  }
}
