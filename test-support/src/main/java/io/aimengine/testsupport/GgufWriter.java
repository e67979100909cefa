package io.aimengine.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A minimal GGUF v3 writer (little endian, 32-byte alignment): metadata key/values, then tensor
 * infos, then aligned tensor data. Enough for {@link TinyGguf} and for writing malformed or unusual
 * headers in reader tests.
 */
public final class GgufWriter {
  static final int T_UINT32 = 4;
  static final int T_INT32 = 5;
  static final int T_FLOAT32 = 6;
  static final int T_BOOL = 7;
  static final int T_STRING = 8;
  static final int T_ARRAY = 9;
  static final int T_UINT64 = 10;
  static final int ALIGN = 32;

  private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
  private int kvCount;
  private final List<TensorInfo> tensors = new ArrayList<>();
  private int version = 3;

  private record TensorInfo(String name, long[] dims, int type, byte[] data) {}

  /** Writes a different version number (for reader tests). */
  public GgufWriter version(int v) {
    this.version = v;
    return this;
  }

  public GgufWriter string(String key, String value) {
    key(key, T_STRING);
    str(kv, value);
    return this;
  }

  public GgufWriter u32(String key, int value) {
    key(key, T_UINT32);
    kv.writeBytes(le(4).putInt(value).array());
    return this;
  }

  public GgufWriter u64(String key, long value) {
    key(key, T_UINT64);
    kv.writeBytes(le(8).putLong(value).array());
    return this;
  }

  public GgufWriter f32(String key, float value) {
    key(key, T_FLOAT32);
    kv.writeBytes(le(4).putFloat(value).array());
    return this;
  }

  public GgufWriter bool(String key, boolean value) {
    key(key, T_BOOL);
    kv.write(value ? 1 : 0);
    return this;
  }

  public GgufWriter stringArray(String key, List<String> values) {
    arrayHeader(key, T_STRING, values.size());
    values.forEach(v -> str(kv, v));
    return this;
  }

  public GgufWriter f32Array(String key, List<Float> values) {
    arrayHeader(key, T_FLOAT32, values.size());
    values.forEach(v -> kv.writeBytes(le(4).putFloat(v).array()));
    return this;
  }

  public GgufWriter i32Array(String key, List<Integer> values) {
    arrayHeader(key, T_INT32, values.size());
    values.forEach(v -> kv.writeBytes(le(4).putInt(v).array()));
    return this;
  }

  /** A tensor of uniform random values in [-scale, scale]; dims in GGUF order (ne0 first). */
  public GgufWriter tensor(String name, int ggmlType, Random rnd, float scale, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    int width = ggmlType == TinyGguf.GGML_F16 ? 2 : 4;
    ByteBuffer b = le((int) (n * width));
    for (long i = 0; i < n; i++) {
      float v = (rnd.nextFloat() * 2 - 1) * scale;
      if (width == 2) {
        b.putShort(Float.floatToFloat16(v));
      } else {
        b.putFloat(v);
      }
    }
    tensors.add(new TensorInfo(name, dims, ggmlType, b.array()));
    return this;
  }

  /** A matrix of {@code rowScales.length} rows of {@code cols} values, each row its own scale. */
  public GgufWriter rows(String name, int ggmlType, Random rnd, float[] rowScales, int cols) {
    int width = ggmlType == TinyGguf.GGML_F16 ? 2 : 4;
    ByteBuffer b = le(rowScales.length * cols * width);
    for (float scale : rowScales) {
      for (int i = 0; i < cols; i++) {
        float v = (rnd.nextFloat() * 2 - 1) * scale;
        if (width == 2) {
          b.putShort(Float.floatToFloat16(v));
        } else {
          b.putFloat(v);
        }
      }
    }
    tensors.add(new TensorInfo(name, new long[] {cols, rowScales.length}, ggmlType, b.array()));
    return this;
  }

  /** An F32 vector of ones (norm weights). */
  public GgufWriter ones(String name, int n) {
    ByteBuffer b = le(n * 4);
    for (int i = 0; i < n; i++) {
      b.putFloat(1f);
    }
    tensors.add(new TensorInfo(name, new long[] {n}, TinyGguf.GGML_F32, b.array()));
    return this;
  }

  /** The whole file. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le(4).putInt(version).array());
    out.writeBytes(le(8).putLong(tensors.size()).array());
    out.writeBytes(le(8).putLong(kvCount).array());
    out.writeBytes(kv.toByteArray());
    long offset = 0;
    for (TensorInfo t : tensors) {
      str(out, t.name());
      out.writeBytes(le(4).putInt(t.dims().length).array());
      for (long d : t.dims()) {
        out.writeBytes(le(8).putLong(d).array());
      }
      out.writeBytes(le(4).putInt(t.type()).array());
      out.writeBytes(le(8).putLong(offset).array());
      offset = align(offset + t.data().length);
    }
    pad(out);
    for (TensorInfo t : tensors) {
      int start = out.size();
      out.writeBytes(t.data());
      while ((out.size() - start) % ALIGN != 0) {
        out.write(0);
      }
    }
    return out.toByteArray();
  }

  private static long align(long n) {
    return (n + ALIGN - 1) / ALIGN * ALIGN;
  }

  private static void pad(ByteArrayOutputStream out) {
    while (out.size() % ALIGN != 0) {
      out.write(0);
    }
  }

  private void key(String key, int type) {
    kvCount++;
    str(kv, key);
    kv.writeBytes(le(4).putInt(type).array());
  }

  private void arrayHeader(String key, int elemType, int n) {
    key(key, T_ARRAY);
    kv.writeBytes(le(4).putInt(elemType).array());
    kv.writeBytes(le(8).putLong(n).array());
  }

  private static void str(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(le(8).putLong(b.length).array());
    out.writeBytes(b);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
