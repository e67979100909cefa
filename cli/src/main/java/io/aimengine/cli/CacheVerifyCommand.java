package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.ModelCache;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache verify MODEL [--fix] [--json]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Re-hash every blob of a model against its name (sha256 for LFS files, git blob sha1"
          + " otherwise) and check the snapshot links. Exit 1 when something is wrong.",
      "--fix deletes corrupt blobs so the next pull fetches them again."
    })
public final class CacheVerifyCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face id")
  String model;

  @Option(names = "--fix", description = "Delete corrupt blobs.")
  boolean fix;

  @Option(names = "--json", description = "Print as JSON (docs/operations.md).")
  boolean json;

  public CacheVerifyCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    ModelCache.Verification v =
        app.modelCache().verify(model, fix, app.progress(spec.commandLine().getErr(), "verify"));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", v.repo().id());
      m.put("ok", v.ok());
      m.put("blobs", v.blobs());
      m.put("bytes", v.bytes());
      m.put("corrupt", v.corrupt());
      m.put("dangling", v.dangling());
      m.put("fixed", v.fixed());
      Json.print(out, m);
      return v.ok() ? 0 : 1;
    }
    if (v.ok()) {
      out.println(
          "OK " + v.repo() + ": " + v.blobs() + " blobs, " + Bytes.human(v.bytes()) + " verified");
      out.flush();
      return 0;
    }
    v.corrupt().forEach(e -> out.println("corrupt blob " + e + (v.fixed() ? " (deleted)" : "")));
    v.dangling().forEach(d -> out.println("missing blob for " + d));
    out.flush();
    throw AimException.failure(
        v.repo()
            + ": "
            + v.corrupt().size()
            + " corrupt blob(s), "
            + v.dangling().size()
            + " link(s) without a blob; "
            + (v.fixed() || v.corrupt().isEmpty()
                ? "run 'aim-engine cache pull " + v.repo() + "' to fetch them again"
                : "run 'aim-engine cache verify "
                    + v.repo()
                    + " --fix', then 'aim-engine cache pull "
                    + v.repo()
                    + "'"));
  }
}
