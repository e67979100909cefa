package io.aimengine.runtime.cache;

import io.aimengine.testsupport.HubServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hub test server with one generated model, and caches wired to it with small ranges (so a few
 * hundred KiB exercise parallel ranges) and instant retries (sleeps are recorded, not slept).
 */
final class CacheFixture implements AutoCloseable {
  static final String MODEL = "acme/tiny-llm";
  static final int SHARD = 300_000;

  final HubServer hub;
  final Path root;
  final String commit;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<String> notices = new CopyOnWriteArrayList<>();
  Optional<String> token = Optional.empty();
  DiskSpace disk = dir -> Long.MAX_VALUE / 4;
  Downloader.ChannelOpener opener = Downloader.ChannelOpener.standard();
  int attempts = 4;
  io.aimengine.runtime.http.ProxyRules proxies = io.aimengine.runtime.http.ProxyRules.jvm();
  CacheUsage usage = CacheUsage.NONE;

  CacheFixture(Path root) throws IOException {
    this.hub = HubServer.start();
    this.root = root;
    this.commit = hub.addRepo(MODEL, files());
  }

  /** A small sharded model plus files the default patterns must skip. */
  static Map<String, byte[]> files() {
    Map<String, byte[]> f = new LinkedHashMap<>();
    f.put(
        "config.json",
        utf8(
            "{\"model_type\":\"llama\",\"hidden_size\":64,\"num_attention_heads\":4,"
                + "\"num_hidden_layers\":2,\"torch_dtype\":\"bfloat16\"}"));
    f.put("generation_config.json", utf8("{\"do_sample\":true}"));
    f.put("tokenizer.json", HubServer.bytes(20_000, 1));
    f.put("tokenizer_config.json", utf8("{\"chat_template\":\"{{ messages }}\"}"));
    f.put(
        "model.safetensors.index.json",
        utf8(
            "{\"metadata\":{\"total_size\":"
                + (2 * SHARD)
                + "},"
                + "\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\","
                + "\"b\":\"model-00002-of-00002.safetensors\"}}"));
    f.put("model-00001-of-00002.safetensors", HubServer.bytes(SHARD, 2));
    f.put("model-00002-of-00002.safetensors", HubServer.bytes(SHARD, 3));
    f.put("pytorch_model.bin", HubServer.bytes(50_000, 4));
    f.put("original/consolidated.00.pth", HubServer.bytes(40_000, 5));
    f.put("README.md", utf8("# tiny"));
    return f;
  }

  static List<String> defaultFiles() {
    return List.of(
        "config.json",
        "generation_config.json",
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "model.safetensors.index.json",
        "tokenizer.json",
        "tokenizer_config.json");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  HubCache layout() {
    return new HubCache(root);
  }

  HubClient client() {
    Retry retry =
        new Retry(
            attempts, Duration.ofMillis(10), Duration.ofSeconds(5), sleeps::add, notices::add);
    return new HubClient(
        hub.endpoint(), token, Duration.ofSeconds(1), Duration.ofSeconds(2), retry, proxies);
  }

  Downloader downloader() {
    return new Downloader(
        layout(), this::client, disk, opener, new Downloader.Tuning(4, 64 << 10, 1 << 20));
  }

  ModelCache cache() {
    return new ModelCache(layout(), downloader(), usage, disk);
  }

  PullResult pull() {
    return cache().pull(PullRequest.of(MODEL), PullProgress.NONE);
  }

  /** An opener whose channel fails writes once {@code limit} bytes were written: a full disk. */
  static Downloader.ChannelOpener failingAfter(long limit) {
    return p -> new LimitedChannel(Downloader.ChannelOpener.standard().open(p), limit);
  }

  @Override
  public void close() {
    hub.close();
  }

  /** Delegates to a real channel but reports ENOSPC after a byte budget. */
  private static final class LimitedChannel extends java.nio.channels.FileChannel {
    private final java.nio.channels.FileChannel ch;
    private long budget;

    LimitedChannel(java.nio.channels.FileChannel ch, long budget) {
      this.ch = ch;
      this.budget = budget;
    }

    private synchronized int spend(ByteBuffer src) throws IOException {
      if (budget <= 0) {
        throw new IOException("No space left on device");
      }
      int n = (int) Math.min(src.remaining(), budget);
      budget -= n;
      return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      int n = spend(src);
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + n);
      int w = ch.write(part, position);
      src.position(src.position() + w);
      return w;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return ch.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return ch.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public java.nio.channels.FileChannel position(long p) throws IOException {
      ch.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public java.nio.channels.FileChannel truncate(long size) throws IOException {
      ch.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      ch.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, java.nio.channels.WritableByteChannel t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(java.nio.channels.ReadableByteChannel s, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
      ch.close();
    }
  }
}
