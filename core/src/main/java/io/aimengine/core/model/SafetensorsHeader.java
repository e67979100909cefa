package io.aimengine.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L * 1024 * 1024;

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
      JsonNode header = JSON.readTree(in.readNBytes((int) headerLen));
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
}
