package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root command: lists subcommands, owns --verbose. */
@Command(
    name = "aim-engine",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Deploy large language models on GPU servers: plan, launch, watch, stop.",
    subcommands = {
      PlanCommand.class,
      GpusCommand.class,
      RecipesCommand.class,
      ModelsCommand.class,
      LaunchCommand.class,
      ServeCommand.class,
      ListCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      StopCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure",
      "2:invalid input",
      "3:unexpected state (nothing fits, not found)",
      "4:internal error"
    })
public final class AimCommand implements Runnable {
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
