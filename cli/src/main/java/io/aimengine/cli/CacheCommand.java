package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache stats|list|pull|rm|prune|verify}. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = {
      "The model cache: Hugging Face hub layout, read in place by vLLM, SGLang and transformers"
          + " (docs/operations.md, \"Model cache\").",
      "Location: AIM_CACHE_DIR (an HF_HOME-style root, hub cache in <root>/hub), else HF_HUB_CACHE"
          + " / HF_HOME, else $AIM_HOME/cache."
    },
    subcommands = {
      CacheStatsCommand.class,
      CacheListCommand.class,
      CachePullCommand.class,
      CacheRmCommand.class,
      CachePruneCommand.class,
      CacheVerifyCommand.class
    })
public final class CacheCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
