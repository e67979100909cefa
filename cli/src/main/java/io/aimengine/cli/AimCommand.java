package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The root command: owns --verbose and the exit-code list. Subcommands are registered by {@link
 * App#commandLine(String...)} from {@link #SUBCOMMANDS}, only the one being run when it is known:
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
  /** Subcommands by name, in help order. */
  static final java.util.Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static java.util.Map<String, Class<?>> subcommands() {
    java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
    m.put("plan", PlanCommand.class);
    m.put("launch", LaunchCommand.class);
    m.put("serve", ServeCommand.class);
    m.put("list", ListCommand.class);
    m.put("status", StatusCommand.class);
    m.put("logs", LogsCommand.class);
    m.put("stop", StopCommand.class);
    m.put("gpus", GpusCommand.class);
    m.put("recipes", RecipesCommand.class);
    m.put("models", ModelsCommand.class);
    m.put("cache", CacheCommand.class);
    m.put("k8s", K8sCommand.class);
    m.put("operator", OperatorCommand.class);
    m.put("bench", BenchCommand.class);
    return java.util.Collections.unmodifiableMap(m);
  }

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

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
