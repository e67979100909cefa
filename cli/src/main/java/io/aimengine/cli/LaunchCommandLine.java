package io.aimengine.cli;

import static io.aimengine.cli.PlanCommandLine.option;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code launch} and {@code serve} commands' picocli model built with picocli's programmatic
 * API, as {@link PlanCommandLine} builds {@code plan}'s: the annotated model costs reflection and a
 * dynamic proxy per annotation type that no JDK 25 start-up cache keeps (~75-100 ms of every
 * launch, before the engine can start).
 *
 * <p>It holds only what parsing needs (names, types, arity, labels, initial values of {@link
 * PlanOptions}, {@link EndpointOptions} and the command's own options, bound to the same fields),
 * no help text and no {@code --help}/{@code --version}: anything it does not accept as it is
 * returns {@link PlanCommandLine#FALL_BACK} having run nothing, and the annotated model answers, so
 * usage, errors and suggestions are exactly the annotated ones. {@code LaunchCommandLineTest}
 * checks that the two models declare the same options.
 */
final class LaunchCommandLine {
  private LaunchCommandLine() {}

  /**
   * The subcommand this model describes that {@code args} name ({@code launch} or {@code serve};
   * root options may come before it), else null.
   */
  static String covers(String... args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a.equals("launch") || a.equals("serve") ? a : null;
      }
    }
    return null;
  }

  /**
   * The root command with {@code command} ({@code launch} or {@code serve}) as its one subcommand,
   * bound to new command objects.
   */
  static CommandLine create(App app, CommandLine.IFactory factory, String command) {
    AimCommand root = new AimCommand(app);
    CommandSpec rootSpec = CommandSpec.wrapWithoutInspection(root, factory).name("aim-engine");
    PlanCommandLine.addRootOptions(rootSpec, app);
    root.spec = rootSpec;

    PlanOptions plan = new PlanOptions();
    EndpointOptions endpoint = new EndpointOptions();
    CommandSpec spec;
    if (command.equals("launch")) {
      LaunchCommand launch = new LaunchCommand(app);
      launch.plan = plan;
      launch.endpoint = endpoint;
      spec = CommandSpec.wrapWithoutInspection(launch, factory).name("launch");
      spec.addOption(
          OptionSpec.builder("-d", "--detach")
              .paramLabel("<detach>")
              .type(boolean.class)
              .initialValue(launch.detach)
              .getter(
                  new PlanCommandLine.Binding(
                      () -> launch.detach, v -> launch.detach = (Boolean) v))
              .setter(
                  new PlanCommandLine.Binding(
                      () -> launch.detach, v -> launch.detach = (Boolean) v))
              .build());
      spec.addOption(
          option(
              "--dry-run",
              "<dryRun>",
              boolean.class,
              () -> launch.dryRun,
              v -> launch.dryRun = (Boolean) v));
      spec.addOption(
          option(
              "--json",
              "<json>",
              boolean.class,
              () -> launch.json,
              v -> launch.json = (Boolean) v));
    } else if (command.equals("serve")) {
      ServeCommand serve = new ServeCommand(app);
      serve.plan = plan;
      serve.endpoint = endpoint;
      spec = CommandSpec.wrapWithoutInspection(serve, factory).name("serve");
      spec.addOption(
          option(
              "--json", "<json>", boolean.class, () -> serve.json, v -> serve.json = (Boolean) v));
    } else {
      throw new IllegalArgumentException(command + ": not launch or serve");
    }
    PlanCommandLine.addPlanOptions(spec, plan);
    addEndpointOptions(spec, endpoint);

    CommandLine cl = new CommandLine(rootSpec, factory);
    cl.addSubcommand(command, new CommandLine(spec, factory));
    CommandSpec bound = cl.getSubcommands().get(command).getCommandSpec();
    if (spec.userObject() instanceof LaunchCommand l) {
      l.spec = bound;
    } else {
      ((ServeCommand) spec.userObject()).spec = bound;
    }
    return cl;
  }

  /** {@link EndpointOptions}' options, bound to {@code o}. */
  private static void addEndpointOptions(CommandSpec spec, EndpointOptions o) {
    spec.addOption(option("--name", "NAME", String.class, () -> o.name, v -> o.name = (String) v));
    spec.addOption(option("--port", "PORT", int.class, () -> o.port, v -> o.port = (Integer) v));
    spec.addOption(option("--host", "ADDR", String.class, () -> o.host, v -> o.host = (String) v));
    spec.addOption(
        option("--runtime", "RUNTIME", String.class, () -> o.runtime, v -> o.runtime = (String) v));
    spec.addOption(
        option("--image", "IMAGE", String.class, () -> o.image, v -> o.image = (String) v));
    spec.addOption(
        option("--pull", "POLICY", String.class, () -> o.pull, v -> o.pull = (String) v));
    spec.addOption(
        option(
            "--timeout", "DURATION", String.class, () -> o.timeout, v -> o.timeout = (String) v));
    spec.addOption(
        option("--restart", "POLICY", String.class, () -> o.restart, v -> o.restart = (String) v));
    spec.addOption(
        option(
            "--max-restarts",
            "N",
            int.class,
            () -> o.maxRestarts,
            v -> o.maxRestarts = (Integer) v));
    spec.addOption(
        option(
            "--restart-window",
            "DURATION",
            String.class,
            () -> o.restartWindow,
            v -> o.restartWindow = (String) v));
    spec.addOption(
        option(
            "--liveness-period",
            "DURATION",
            String.class,
            () -> o.livenessPeriod,
            v -> o.livenessPeriod = (String) v));
    spec.addOption(
        option(
            "--liveness-failures",
            "N",
            int.class,
            () -> o.livenessFailures,
            v -> o.livenessFailures = (Integer) v));
    spec.addOption(
        option(
            "--liveness-timeout",
            "DURATION",
            String.class,
            () -> o.livenessTimeout,
            v -> o.livenessTimeout = (String) v));
  }
}
