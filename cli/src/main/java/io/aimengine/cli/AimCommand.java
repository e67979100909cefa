package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The root command: owns --verbose and the exit-code list. Subcommands are registered by {@link
 * App#commandLine(String...)} from {@link #subcommands()}, only the one being run when it is known:
 * building every command's model costs a few hundred milliseconds of start-up.
 */
@Command(
    name = "aim-engine",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Deploy large language models on GPU servers: plan, launch, watch, stop.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure",
      "2:invalid input",
      "3:unexpected state (nothing fits, not found)",
      "4:internal error"
    })
public final class AimCommand implements Runnable {
  /**
   * Subcommands by name, in help order. Built on first use, not when the root command's class is
   * initialized: the quick command lines ({@link PlanCommandLine}) make a root without it, and the
   * JVM's start-up cache keeps every class a training run loaded and verified, so eighteen command
   * classes named here (and what verifying them loads: Jackson, bench, tune, ~200 classes) would be
   * loaded before every {@code plan}.
   */
  static java.util.Map<String, Class<?>> subcommands() {
    return Subcommands.ALL;
  }

  private static final class Subcommands {
    static final java.util.Map<String, Class<?>> ALL = build();
  }

  private static java.util.Map<String, Class<?>> build() {
    java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
    m.put("plan", PlanCommand.class);
    m.put("launch", LaunchCommand.class);
    m.put("serve", ServeCommand.class);
    m.put("list", ListCommand.class);
    m.put("status", StatusCommand.class);
    m.put("logs", LogsCommand.class);
    m.put("stop", StopCommand.class);
    m.put("rm", RmCommand.class);
    m.put("prune", PruneCommand.class);
    m.put("gpus", GpusCommand.class);
    m.put("recipes", RecipesCommand.class);
    m.put("models", ModelsCommand.class);
    m.put("cache", CacheCommand.class);
    m.put("k8s", K8sCommand.class);
    m.put("operator", OperatorCommand.class);
    m.put("completion", CompletionCommand.class);
    m.put("bench", BenchCommand.class);
    m.put("tune", TuneCommand.class);
    m.put("help", picocli.CommandLine.HelpCommand.class); // `help COMMAND`, as git and docker have
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The subcommand that {@code word} names, by name or alias ("ls" is "list"); null when none.
   * Aliases come from the {@code @Command} annotation, so nothing is built to find them.
   */
  static String named(String word) {
    if (subcommands().containsKey(word)) {
      return word;
    }
    for (java.util.Map.Entry<String, Class<?>> e : subcommands().entrySet()) {
      Command c = e.getValue().getAnnotation(Command.class);
      if (c != null && java.util.Arrays.asList(c.aliases()).contains(word)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Subcommands that read the whole command tree, so every subcommand is built for them. */
  static final java.util.Set<String> NEEDS_ALL = java.util.Set.of("completion", "help");

  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  public AimCommand(App app) {
    this.app = app;
  }

  @Option(
      names = "--verbose",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Show stack traces on errors.")
  void verbose(boolean v) {
    app.verbose(v);
  }

  @Option(
      names = "--no-color",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "No colour, even on a terminal (as NO_COLOR=1 does).")
  void noColor(boolean v) {
    app.noColor(v);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
