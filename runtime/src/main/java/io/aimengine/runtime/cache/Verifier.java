package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Re-hashes a model's blobs against their names, a few in parallel. */
final class Verifier {
  private Verifier() {}

  /**
   * @param corrupt etags of blobs whose content does not hash to their name, sorted
   */
  record Outcome(List<String> corrupt) {}

  static Outcome run(HubCache layout, CachedRepo r, PullProgress progress) {
    List<Path> blobs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(r.dir().resolve("blobs"))) {
      for (Path b : ds) {
        if (HubCache.isEtag(b.getFileName().toString()) && Files.isRegularFile(b)) {
          blobs.add(b);
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return new Outcome(List.of());
    } catch (IOException e) {
      throw new AimException(ExitCode.FAILURE, "cannot read " + r.dir() + ": " + e.getMessage(), e);
    }
    progress.started(r.repo(), "", blobs.size(), r.sizeBytes(), 0);
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    List<String> corrupt = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<String>> results = new ArrayList<>();
      for (Path b : blobs) {
        results.add(pool.submit(() -> check(b, progress)));
      }
      for (Future<String> f : results) {
        String bad = f.get();
        if (bad != null) {
          corrupt.add(bad);
        }
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new AimException(
          ExitCode.FAILURE, "cannot verify " + r.repo() + ": " + c.getMessage(), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AimException(ExitCode.FAILURE, "verify interrupted");
    } finally {
      progress.finished();
    }
    corrupt.sort(null);
    return new Outcome(corrupt);
  }

  /** The etag when the blob does not hash to it, else null. */
  private static String check(Path blob, PullProgress progress) throws IOException {
    String etag = blob.getFileName().toString();
    MessageDigest md = Digests.forEtag(etag, Files.size(blob));
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(blob)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        progress.advanced(n);
      }
    }
    return Digests.hex(md).equals(etag) ? null : etag;
  }
}
