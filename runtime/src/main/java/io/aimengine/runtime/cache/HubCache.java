package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Hugging Face hub cache layout under one directory ({@code HF_HUB_CACHE}):
 *
 * <pre>
 * .locks/models--Org--Name/&lt;etag&gt;.lock
 * models--Org--Name/refs/&lt;revision&gt;                 commit sha, no newline
 * models--Org--Name/blobs/&lt;etag&gt;[.incomplete]       content named by its etag
 * models--Org--Name/snapshots/&lt;commit&gt;/&lt;file&gt;      relative link to ../../blobs/&lt;etag&gt;
 * models--Org--Name/.no_exist/&lt;commit&gt;/&lt;file&gt;     marker: known not to exist
 * </pre>
 *
 * vLLM, SGLang and transformers read this layout in place, and we read caches they filled. Every
 * write is atomic (temp + rename), so a reader never sees half a ref, link or blob. Thread-safe:
 * holds no state besides the root path.
 */
public final class HubCache {
  private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}$");
  private static final Pattern ETAG = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");
  static final String INCOMPLETE = ".incomplete";

  private final Path root;

  public HubCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The hub cache directory. */
  public Path root() {
    return root;
  }

  /** True for a full 40-hex commit sha (used as a revision, it needs no ref). */
  public static boolean isCommit(String revision) {
    return COMMIT.matcher(revision).matches();
  }

  /** True for a blob name this layout uses: git sha1 (40 hex) or sha256 (64 hex). */
  public static boolean isEtag(String etag) {
    return ETAG.matcher(etag).matches();
  }

  public Path repoDir(RepoId repo) {
    return root.resolve(repo.folderName());
  }

  public Path blob(RepoId repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(checkEtag(etag));
  }

  /** The partial download of a blob; resumable. */
  public Path incomplete(RepoId repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(checkEtag(etag) + INCOMPLETE);
  }

  /** The lock file every downloader of this blob takes (huggingface_hub uses the same path). */
  public Path lockFile(RepoId repo, String etag) {
    return root.resolve(".locks").resolve(repo.folderName()).resolve(checkEtag(etag) + ".lock");
  }

  public Path snapshotDir(RepoId repo, String commit) {
    if (!isCommit(commit)) {
      throw new IllegalArgumentException("not a commit sha: " + commit);
    }
    return repoDir(repo).resolve("snapshots").resolve(commit);
  }

  /** Where a repo file appears in a snapshot. */
  public Path snapshotFile(RepoId repo, String commit, String filename) {
    return snapshotDir(repo, commit).resolve(checkFilename(filename));
  }

  /**
   * A repo-relative file name as the Hub lists it, checked so it cannot leave the snapshot folder.
   *
   * @throws AimException for absolute names, empty or {@code ..} segments, backslashes
   */
  public static String checkFilename(String filename) {
    boolean bad =
        filename == null
            || filename.isEmpty()
            || filename.startsWith("/")
            || filename.contains("\\")
            || filename.contains("\0");
    if (!bad) {
      for (String seg : filename.split("/", -1)) {
        if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
          bad = true;
          break;
        }
      }
    }
    if (bad) {
      throw AimException.failure(
          "the Hub listed an unsafe file name '" + filename + "': refusing to write it");
    }
    return filename;
  }

  private static String checkEtag(String etag) {
    if (!isEtag(etag)) {
      throw AimException.failure(
          "unexpected ETag '" + etag + "': expected a 40-hex git sha1 or 64-hex sha256");
    }
    return etag;
  }

  private Path refFile(RepoId repo, String revision) {
    return repoDir(repo).resolve("refs").resolve(Revision.check(revision));
  }

  /** The commit a branch or tag resolved to when last pulled; empty when unknown. */
  public Optional<String> readRef(RepoId repo, String revision) {
    try {
      String c = Files.readString(refFile(repo, revision), StandardCharsets.UTF_8).strip();
      return isCommit(c) ? Optional.of(c) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses the cache a pull of {@code repo}@{@code commit} would write into when one of its
   * directories (the repo folder, {@code blobs}, {@code refs}, {@code snapshots}, the commit's
   * snapshot) is a symbolic link. The Hugging Face layout links snapshot files to blobs and nothing
   * else; in a shared cache anything more is someone else's, and following it writes outside.
   *
   * @throws AimException (unexpected state) naming the link
   */
  public void requireNoLinks(RepoId repo, String commit) {
    Path dir = repoDir(repo);
    for (Path p :
        List.of(
            dir,
            dir.resolve("blobs"),
            dir.resolve("refs"),
            dir.resolve("snapshots"),
            snapshotDir(repo, commit))) {
      refuseLink(p);
    }
  }

  /**
   * Throws when {@code p} is a symbolic link (a missing path is fine).
   *
   * @throws AimException (unexpected state) naming the path and what to do
   */
  public static void refuseLink(Path p) {
    if (Files.isSymbolicLink(p)) {
      throw AimException.unexpectedState(
          p
              + " is a symbolic link: refusing to follow it inside the model cache (someone else"
              + " may own where it points); remove it and pull again");
    }
  }

  /** Records that {@code revision} is {@code commit}; a no-op when the revision is the commit. */
  public void writeRef(RepoId repo, String revision, String commit) throws IOException {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = refFile(repo, revision);
    Files.createDirectories(ref.getParent());
    Path tmp = ref.resolveSibling(ref.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.writeString(tmp, commit, StandardCharsets.UTF_8);
      Files.move(tmp, ref, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The commit a revision names locally: itself when it is a sha, else its ref. */
  public Optional<String> commitFor(RepoId repo, String revision) {
    return isCommit(revision) ? Optional.of(revision) : readRef(repo, revision);
  }

  /**
   * The snapshot folder for a model and revision, when one is cached (it may be incomplete; see
   * {@link Completeness}). This is what the planner hands to {@code HfConfig.read}.
   */
  public Optional<Path> snapshotFor(String modelId, String revision) {
    RepoId repo = RepoId.of(modelId);
    return commitFor(repo, revision)
        .map(c -> snapshotDir(repo, c))
        .filter(p -> Files.isDirectory(p));
  }

  /**
   * Makes {@code snapshots/<commit>/<filename>} a relative link to {@code blobs/<etag>}, replacing
   * whatever was there. Atomic: the name never points nowhere.
   */
  public void link(RepoId repo, String commit, String filename, String etag) throws IOException {
    Path link = snapshotFile(repo, commit, filename);
    Path blob = blob(repo, etag);
    Path target = link.getParent().relativize(blob);
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      return;
    }
    Files.createDirectories(link.getParent());
    Path tmp = link.resolveSibling(link.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createSymbolicLink(tmp, target);
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The blob a snapshot file links to, when it is such a link (empty for copies). */
  public static Optional<String> linkedEtag(Path snapshotFile) {
    try {
      if (!Files.isSymbolicLink(snapshotFile)) {
        return Optional.empty();
      }
      Path t = Files.readSymbolicLink(snapshotFile);
      String name = t.getFileName() == null ? "" : t.getFileName().toString();
      Path parent = t.getParent();
      return parent != null
              && parent.getFileName() != null
              && parent.getFileName().toString().equals("blobs")
              && isEtag(name)
          ? Optional.of(name)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records that {@code filename} does not exist at {@code commit} (huggingface_hub's marker). */
  public void markNoExist(RepoId repo, String commit, String filename) throws IOException {
    if (!isCommit(commit)) {
      return;
    }
    Path marker =
        repoDir(repo).resolve(".no_exist").resolve(commit).resolve(checkFilename(filename));
    Files.createDirectories(marker.getParent());
    try {
      Files.createFile(marker);
    } catch (FileAlreadyExistsException e) {
      // already known
    }
  }

  /** Marks a snapshot as just used (its folder mtime), which orders {@code prune}. */
  public void touch(RepoId repo, String commit) {
    try {
      Files.setLastModifiedTime(snapshotDir(repo, commit), FileTime.from(Instant.now()));
    } catch (IOException e) {
      // read-only cache (a container mount): usage is then known from the endpoint store only
    }
  }

  /** Every model in the cache, sorted by id. Datasets, spaces and stray folders are skipped. */
  public List<CachedRepo> repos() {
    List<CachedRepo> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        Optional<RepoId> id = RepoId.fromFolderName(p.getFileName().toString());
        if (id.isPresent() && Files.isDirectory(p)) {
          out.add(scan(id.get()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(r -> r.repo().id()));
    return out;
  }

  /** One model, when its folder exists. */
  public Optional<CachedRepo> repo(RepoId repo) {
    return Files.isDirectory(repoDir(repo)) ? Optional.of(scan(repo)) : Optional.empty();
  }

  private CachedRepo scan(RepoId repo) {
    Path dir = repoDir(repo);
    long size = 0;
    long partial = 0;
    int blobs = 0;
    Instant touched = Instant.EPOCH;
    try {
      Path blobDir = dir.resolve("blobs");
      if (Files.isDirectory(blobDir)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobDir)) {
          for (Path b : ds) {
            String n = b.getFileName().toString();
            BasicFileAttributes a = Files.readAttributes(b, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
              continue;
            }
            if (isEtag(n)) {
              size += a.size();
              blobs++;
            } else if (n.endsWith(INCOMPLETE)) {
              partial += a.size();
            }
          }
        }
      }
      Map<String, String> refs = new TreeMap<>();
      Path refDir = dir.resolve("refs");
      if (Files.isDirectory(refDir)) {
        try (var files = Files.walk(refDir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(f) && !f.getFileName().toString().contains(".tmp-")) {
              String rev = refDir.relativize(f).toString();
              readRef(repo, rev).ifPresent(c -> refs.put(rev, c));
              touched = max(touched, Files.getLastModifiedTime(f).toInstant());
            }
          }
        }
      }
      List<CachedRepo.Snapshot> snaps = new ArrayList<>();
      Path snapDir = dir.resolve("snapshots");
      if (Files.isDirectory(snapDir)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapDir)) {
          for (Path s : ds) {
            if (isCommit(s.getFileName().toString()) && Files.isDirectory(s)) {
              CachedRepo.Snapshot snap = snapshot(s);
              snaps.add(snap);
              touched = max(touched, snap.touched());
            }
          }
        }
      }
      snaps.sort(Comparator.comparing(CachedRepo.Snapshot::touched).reversed());
      return new CachedRepo(repo, dir, size, partial, blobs, refs, snaps, touched);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CachedRepo.Snapshot snapshot(Path dir) throws IOException {
    List<String> files = new ArrayList<>();
    List<String> dangling = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            String rel = dir.relativize(f).toString();
            if (rel.contains(".tmp-")) {
              return FileVisitResult.CONTINUE;
            }
            files.add(rel);
            if (a.isSymbolicLink() && !Files.exists(f)) {
              dangling.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    dangling.sort(null);
    Instant touched = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
    return new CachedRepo.Snapshot(dir.getFileName().toString(), files, dangling, touched);
  }

  /**
   * Removes a model: its folder disappears in one rename (readers see all or nothing), then the
   * renamed folder and the model's lock folder are deleted. Returns false when it was not cached.
   */
  public boolean delete(RepoId repo) throws IOException {
    Path dir = repoDir(repo);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    Path trash = root.resolve(".trash-" + repo.folderName() + "-" + UUID.randomUUID());
    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(trash);
    deleteTree(root.resolve(".locks").resolve(repo.folderName()));
    return true;
  }

  /** Removes leftovers of deletes that were interrupted. */
  public void sweepTrash() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, ".trash-*")) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.deleteIfExists(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
