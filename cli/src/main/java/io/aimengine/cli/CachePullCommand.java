package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.model.GgufQuant;
import io.aimengine.core.model.ModelIds;
import io.aimengine.core.model.RepoFile;
import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.FilePatterns;
import io.aimengine.runtime.cache.HubClient;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.PullRequest;
import io.aimengine.runtime.cache.PullResult;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.runtime.cache.RepoInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine cache pull MODEL [--revision R] [--include P]... [--exclude P]... [--offline]}.
 */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Download a model into the cache (parallel, resumable, verified), or with --offline check"
          + " that it is fully cached.",
      "Default files: safetensors weights and index, configs, tokenizer and chat template;"
          + " not original/ or other weight formats when safetensors exist.",
      "HF_ENDPOINT and HF_TOKEN are honoured; HF_HUB_OFFLINE=1 implies --offline."
    })
public final class CachePullCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "Hugging Face id, e.g. Qwen/Qwen3-32B")
  String model;

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description = "Branch, tag or commit (default: main).")
  String revision = "main";

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Only files matching (fnmatch, repeatable); replaces the default set.")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip files matching (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--offline", description = "Use only the cache; name what is missing.")
  boolean offline;

  @Option(names = "--json", description = "Print the result as JSON (docs/operations.md).")
  boolean json;

  public CachePullCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    boolean off = offline || app.settings().hfOffline();
    PullRequest req =
        ModelIds.ggufTag(model).isPresent()
            ? ggufRequest(off)
            : new PullRequest(RepoId.of(model), revision, FilePatterns.of(include, exclude), off);
    PullProgress progress = app.progress(spec.commandLine().getErr(), "pull");
    PullResult r = app.modelCache().pull(req, progress);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, CacheViews.pull(r));
      return 0;
    }
    String head = r.repo() + "@" + r.revision() + " (" + r.commit().substring(0, 12) + ")";
    if (r.downloadedFiles() == 0) {
      out.println(
          "Cached "
              + head
              + ": "
              + r.files().size()
              + " files, "
              + Bytes.human(r.totalBytes())
              + (r.network() ? "; nothing to download" : "; checked offline"));
    } else {
      double secs = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
      out.println(
          "Pulled "
              + head
              + ": "
              + r.files().size()
              + " files, "
              + Bytes.human(r.totalBytes())
              + "; downloaded "
              + r.downloadedFiles()
              + " ("
              + Bytes.human(r.fetchedBytes())
              + ") in "
              + CacheViews.seconds(r.elapsed())
              + ", "
              + Bytes.human((long) (r.fetchedBytes() / secs))
              + "/s");
    }
    out.println("  " + r.snapshot());
    out.flush();
    return 0;
  }

  /**
   * {@code org/repo:QUANT}: only the GGUF file (or split parts) of that quantization, found in the
   * revision's listing (one request before the pull); offline, the cached files whose names carry
   * it.
   */
  private PullRequest ggufRequest(boolean off) {
    String quant = ModelIds.ggufTag(model).orElseThrow();
    RepoId repo = RepoId.of(ModelIds.repo(model));
    if (!include.isEmpty()) {
      throw AimException.invalid(
          "--include: " + model + " already names the files (the :" + quant + " quantization)");
    }
    if (off) {
      return new PullRequest(
          repo, revision, FilePatterns.of(List.of("*" + quant + "*.gguf"), exclude), true);
    }
    RepoInfo info = HubClient.create(app.settings()).repoInfo(repo, revision);
    List<GgufQuant> quants =
        GgufQuant.fromListing(
            info.files().stream().map(f -> new RepoFile(f.path(), f.size())).toList());
    GgufQuant q =
        quants.stream()
            .filter(g -> g.is(quant))
            .findFirst()
            .orElseThrow(
                () ->
                    AimException.invalid(
                        repo
                            + " has no GGUF file for :"
                            + quant
                            + (quants.isEmpty()
                                ? " (it has no GGUF files)"
                                : "; it has "
                                    + String.join(
                                        ", ", quants.stream().map(GgufQuant::name).toList()))));
    return new PullRequest(repo, info.commit(), FilePatterns.of(q.files(), exclude), false);
  }
}
