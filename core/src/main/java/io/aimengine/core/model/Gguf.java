package io.aimengine.core.model;

import io.aimengine.core.AimException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a GGUF file (llama.cpp's model format, versions 2 and 3): metadata key/values
 * and the tensor table; tensor data is never read. Scalar metadata is kept; arrays keep only their
 * length, except short integer arrays (per-layer head counts), which are kept as lists.
 *
 * <p>{@link #facts(Path)} turns the header into {@link ModelFacts}: weight bytes are the tensor
 * data section (file size minus the aligned header), parameters the sum of tensor element counts,
 * the precision from {@code general.file_type}.
 */
public final class Gguf {
  private static final int MAGIC = 0x46554747; // "GGUF" little endian
  private static final long MAX_STRING = 64L * 1024 * 1024;
  private static final long MAX_COUNT = 1L << 32;
  private static final int KEPT_ARRAY = 4096;

  /** Arrays nest at most this deep (llama.cpp's own files use none). */
  static final int MAX_ARRAY_DEPTH = 8;

  /**
   * A parsed header.
   *
   * @param version GGUF version (2 or 3)
   * @param metadata key → value (String, Long, Double, Boolean, List of Long for short integer
   *     arrays, {@link ArrayLength} for other arrays)
   * @param tensors tensor name → element count, in file order
   * @param outputTensor whether an {@code output.weight} tensor exists (untied embeddings)
   * @param dataOffset where tensor data starts
   * @param fileSize the file's size
   */
  public record Header(
      int version,
      Map<String, Object> metadata,
      Map<String, Long> tensors,
      long dataOffset,
      long fileSize) {

    /** A string value, null when absent or not a string. */
    public String string(String key) {
      return metadata.get(key) instanceof String s ? s : null;
    }

    /** An integer value (the maximum for per-layer arrays), 0 when absent. */
    public long integer(String key) {
      Object v = metadata.get(key);
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof Double d) {
        return Math.round(d);
      }
      if (v instanceof List<?> list) {
        return list.stream().mapToLong(o -> o instanceof Long l ? l : 0).max().orElse(0);
      }
      return 0;
    }

    /** Length of an array value, 0 when absent. */
    public long arrayLength(String key) {
      Object v = metadata.get(key);
      if (v instanceof ArrayLength a) {
        return a.length();
      }
      return v instanceof List<?> l ? l.size() : 0;
    }
  }

  /** Placeholder for an array whose elements were skipped. */
  public record ArrayLength(long length) {}

  private Gguf() {}

  /** True when the file starts with the GGUF magic. */
  public static boolean isGguf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(4);
      return b.length == 4 && new String(b, StandardCharsets.US_ASCII).equals("GGUF");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the header.
   *
   * @throws AimException (invalid input) naming the file when it is missing, not GGUF, of an
   *     unsupported version, or truncated
   */
  public static Header read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw AimException.notFound(file + ": no such model file");
    }
    try (Reader r = new Reader(Files.newInputStream(file))) {
      int magic = r.u32();
      if (magic != MAGIC) {
        throw AimException.invalid(
            file + ": not a GGUF file (bad magic); expected a llama.cpp .gguf");
      }
      int version = r.u32();
      if (version < 2 || version > 3) {
        throw AimException.invalid(
            file + ": GGUF version " + version + " is not supported (2 and 3 are); re-convert it");
      }
      long tensorCount = r.count();
      long kvCount = r.count();
      Map<String, Object> md = new LinkedHashMap<>();
      for (long i = 0; i < kvCount; i++) {
        String key = r.string();
        md.put(key, r.value(r.u32()));
      }
      Map<String, Long> tensors = new LinkedHashMap<>();
      for (long i = 0; i < tensorCount; i++) {
        String name = r.string();
        int dims = r.u32();
        if (dims < 0 || dims > 8) {
          throw AimException.invalid(file + ": tensor '" + name + "' has " + dims + " dimensions");
        }
        long n = 1;
        for (int d = 0; d < dims; d++) {
          n *= r.u64();
        }
        r.u32(); // ggml type
        r.u64(); // offset
        tensors.put(name, n);
      }
      long align = md.get("general.alignment") instanceof Long a && a > 0 ? a : 32;
      long dataOffset = (r.position() + align - 1) / align * align;
      return new Header(
          version,
          Collections.unmodifiableMap(md),
          Collections.unmodifiableMap(tensors),
          dataOffset,
          Files.size(file));
    } catch (EOFException e) {
      throw AimException.invalid(file + ": truncated GGUF header; the file is incomplete");
    } catch (BadHeader e) {
      throw AimException.invalid(file + ": not a usable GGUF header: " + e.getMessage());
    } catch (IOException e) {
      throw AimException.failure(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Model facts from a GGUF file (see the class comment). */
  public static ModelFacts facts(Path file) {
    Header h = read(file);
    String arch = h.string("general.architecture");
    if (arch == null) {
      throw AimException.invalid(file + ": GGUF has no general.architecture");
    }
    String p = arch + ".";
    int heads = (int) h.integer(p + "attention.head_count");
    int kvHeads = (int) h.integer(p + "attention.head_count_kv");
    int hidden = (int) h.integer(p + "embedding_length");
    int keyLength = (int) h.integer(p + "attention.key_length");
    int headDim = keyLength > 0 ? keyLength : heads > 0 ? hidden / heads : 0;
    long vocab = h.arrayLength("tokenizer.ggml.tokens");
    if (vocab == 0) {
      vocab = h.integer(p + "vocab_size");
    }
    Architecture.Moe moe = null;
    int experts = (int) h.integer(p + "expert_count");
    if (experts > 0) {
      moe =
          new Architecture.Moe(
              experts,
              (int) h.integer(p + "expert_used_count"),
              (int) h.integer(p + "expert_feed_forward_length"),
              (int) h.integer(p + "expert_shared_count"),
              (int) h.integer(p + "leading_dense_block_count"));
    }
    Architecture.Mla mla = null;
    int kvLora = (int) h.integer(p + "attention.kv_lora_rank");
    if (kvLora > 0) {
      mla = new Architecture.Mla(kvLora, (int) h.integer(p + "rope.dimension_count"));
    }
    Architecture a =
        new Architecture(
            arch,
            (int) h.integer(p + "block_count"),
            hidden,
            heads,
            kvHeads > 0 ? kvHeads : heads,
            headDim,
            (int) h.integer(p + "feed_forward_length"),
            (int) vocab,
            (int) h.integer(p + "context_length"),
            (int) h.integer(p + "attention.sliding_window"),
            !h.tensors().containsKey("output.weight"),
            moe,
            mla);
    long params = h.tensors().values().stream().mapToLong(Long::longValue).sum();
    long weights = Math.max(0, h.fileSize() - h.dataOffset());
    return new ModelFacts(
        file.toString(),
        arch,
        h.string("general.size_label"),
        params,
        weights,
        precision(h.integer("general.file_type"), h.metadata().containsKey("general.file_type")),
        a,
        "gguf: " + file);
  }

  /**
   * The precision class of a llama.cpp file type ({@code llama_ftype}): F32, F16, BF16 as such;
   * 8-bit (Q8_0) and the 5/6-bit K-quants as int8; 4-bit and below (Q4_*, Q3/Q2 K-quants, IQ*,
   * ternary) as int4. Unknown or absent: fp16, the usual conversion output.
   */
  public static Precision precision(long fileType, boolean present) {
    if (!present) {
      return Precision.FP16;
    }
    return switch ((int) fileType) {
      case 0 -> Precision.FP32;
      case 1 -> Precision.FP16;
      case 32 -> Precision.BF16;
      case 7, 8, 9, 16, 17, 18 -> Precision.INT8;
      case 2,
          3,
          4,
          10,
          11,
          12,
          13,
          14,
          15,
          19,
          20,
          21,
          22,
          23,
          24,
          25,
          26,
          27,
          28,
          29,
          30,
          31,
          36,
          37 ->
          Precision.INT4;
      default -> Precision.FP16;
    };
  }

  /** Little-endian reader with position tracking and sanity limits. */
  private static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    private long pos;
    private int depth;

    Reader(InputStream raw) {
      this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    long position() {
      return pos;
    }

    int u8() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      pos++;
      return b;
    }

    int u32() throws IOException {
      return u8() | u8() << 8 | u8() << 16 | u8() << 24;
    }

    long u64() throws IOException {
      return (u32() & 0xFFFFFFFFL) | ((long) u32()) << 32;
    }

    long count() throws IOException {
      long n = u64();
      if (n < 0 || n > MAX_COUNT) {
        throw new BadHeader("implausible count " + n);
      }
      return n;
    }

    void skip(long n) throws IOException {
      long left = n;
      while (left > 0) {
        long s = in.skip(left);
        if (s <= 0) {
          u8();
          s = 1;
        } else {
          pos += s;
        }
        left -= s;
      }
    }

    String string() throws IOException {
      long n = u64();
      if (n < 0 || n > MAX_STRING) {
        throw new BadHeader("implausible string length " + n);
      }
      byte[] b = new byte[(int) n];
      in.readFully(b);
      pos += n;
      return new String(b, StandardCharsets.UTF_8);
    }

    Object value(int type) throws IOException {
      return switch (type) {
        case 0 -> (long) u8();
        case 1 -> (long) (byte) u8();
        case 2 -> (long) (u8() | u8() << 8);
        case 3 -> (long) (short) (u8() | u8() << 8);
        case 4 -> u32() & 0xFFFFFFFFL;
        case 5 -> (long) u32();
        case 6 -> (double) Float.intBitsToFloat(u32());
        case 7 -> u8() != 0;
        case 8 -> string();
        case 9 -> array();
        case 10, 11 -> u64();
        case 12 -> Double.longBitsToDouble(u64());
        default -> throw new BadHeader("unknown metadata type " + type);
      };
    }

    private Object array() throws IOException {
      // Arrays of arrays recurse: bound the depth so a hostile header cannot overflow the stack.
      if (++depth > MAX_ARRAY_DEPTH) {
        throw new BadHeader(
            "metadata arrays nested deeper than "
                + MAX_ARRAY_DEPTH
                + " levels (offset "
                + pos
                + ")");
      }
      try {
        return arrayBody();
      } finally {
        depth--;
      }
    }

    private Object arrayBody() throws IOException {
      int type = u32();
      long n = count();
      boolean integer = type <= 5 || type == 10 || type == 11;
      if (integer && n <= KEPT_ARRAY) {
        List<Long> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
          out.add((Long) value(type));
        }
        return out;
      }
      int width = width(type);
      if (width > 0) {
        skip(n * width);
      } else {
        for (long i = 0; i < n; i++) {
          value(type);
        }
      }
      return new ArrayLength(n);
    }

    private static int width(int type) {
      return switch (type) {
        case 0, 1, 7 -> 1;
        case 2, 3 -> 2;
        case 4, 5, 6 -> 4;
        case 10, 11, 12 -> 8;
        default -> 0;
      };
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A header that is GGUF-shaped but impossible: invalid input, not a read failure. */
  private static final class BadHeader extends IOException {
    private static final long serialVersionUID = 1L;

    BadHeader(String message) {
      super(message);
    }
  }
}
