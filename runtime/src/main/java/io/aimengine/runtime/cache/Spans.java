package io.aimengine.runtime.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which byte ranges of a {@code blobs/<etag>.incomplete} file hold downloaded data. Parallel ranges
 * write into one sparse file, so its length says nothing; the ranges are kept beside it in {@code
 * <etag>.incomplete.parts} (lines "start end", end exclusive), rewritten atomically as ranges
 * finish and when a pull stops. A {@code .incomplete} without that file was written front to back
 * (huggingface_hub does so) and counts as one prefix. Thread-safe.
 */
final class Spans {
  private final Path part;
  private final Path sidecar;
  private final long size;
  private final TreeMap<Long, Long> done = new TreeMap<>();
  private final List<Cursor> active = new ArrayList<>();

  /** A range being written: bytes {@code [start, pos)} are on disk. Written by one thread. */
  static final class Cursor {
    final long start;
    volatile long pos;

    Cursor(long start) {
      this.start = start;
      this.pos = start;
    }
  }

  private Spans(Path part, long size) {
    this.part = part;
    this.sidecar = sidecarOf(part);
    this.size = size;
  }

  static Path sidecarOf(Path part) {
    return part.resolveSibling(part.getFileName() + ".parts");
  }

  /** The state of a partial download of {@code size} bytes, empty when there is none. */
  static Spans load(Path part, long size) throws IOException {
    Spans s = new Spans(part, size);
    long onDisk;
    try {
      onDisk = Files.size(part);
    } catch (NoSuchFileException e) {
      Files.deleteIfExists(s.sidecar);
      return s;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(s.sidecar, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      s.add(0, Math.min(onDisk, size));
      return s;
    }
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 2) {
        continue;
      }
      try {
        long a = Long.parseLong(f[0]);
        long b = Math.min(Long.parseLong(f[1]), Math.min(onDisk, size));
        if (a >= 0 && a < b) {
          s.add(a, b);
        }
      } catch (NumberFormatException e) {
        // a damaged line only costs re-downloading that range
      }
    }
    return s;
  }

  long size() {
    return size;
  }

  synchronized void add(long start, long end) {
    if (end <= start) {
      return;
    }
    Map.Entry<Long, Long> before = done.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    Map.Entry<Long, Long> next;
    while ((next = done.ceilingEntry(start)) != null && next.getKey() <= end) {
      end = Math.max(end, next.getValue());
      done.remove(next.getKey());
    }
    done.put(start, end);
  }

  synchronized Cursor open(long start) {
    Cursor c = new Cursor(start);
    active.add(c);
    return c;
  }

  synchronized void close(Cursor c) {
    active.remove(c);
    add(c.start, c.pos);
  }

  /** All downloaded ranges, finished or in progress, merged. */
  private synchronized TreeMap<Long, Long> snapshot() {
    Spans copy = new Spans(part, size);
    done.forEach(copy::add);
    for (Cursor c : active) {
      copy.add(c.start, c.pos);
    }
    return copy.done;
  }

  /** Bytes on disk. */
  long done() {
    return snapshot().entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
  }

  /** Length of the downloaded run starting at byte 0 (what can be hashed so far). */
  long prefix() {
    Map.Entry<Long, Long> first = snapshot().firstEntry();
    return first != null && first.getKey() == 0 ? first.getValue() : 0;
  }

  /** The ranges still to fetch, cut into pieces of at most {@code chunk} bytes, in file order. */
  synchronized List<long[]> missing(long chunk) {
    List<long[]> out = new ArrayList<>();
    long pos = 0;
    for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
      cut(pos, e.getKey(), chunk, out);
      pos = e.getValue();
    }
    cut(pos, size, chunk, out);
    return out;
  }

  private static void cut(long from, long to, long chunk, List<long[]> out) {
    for (long a = from; a < to; a += chunk) {
      out.add(new long[] {a, Math.min(to, a + chunk)});
    }
  }

  /** Writes the ranges on disk to the sidecar (atomically). */
  synchronized void save() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
      sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    Path tmp =
        sidecar.resolveSibling(sidecar.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
      Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp); // a full disk must not leave a stray *.parts.tmp-PID behind
    }
  }

  /** Forgets the partial download: the .incomplete file and its sidecar. */
  void discard() throws IOException {
    Files.deleteIfExists(part);
    Files.deleteIfExists(sidecar);
    synchronized (this) {
      done.clear();
    }
  }

  /** After publishing: the sidecar is no longer needed. */
  void forget() throws IOException {
    Files.deleteIfExists(sidecar);
  }
}
