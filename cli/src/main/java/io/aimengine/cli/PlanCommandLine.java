package io.aimengine.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;

/**
 * The root and {@code plan} commands' picocli model built with picocli's programmatic API, for
 * running a plan without building the model from annotations: that is reflection over each class
 * and a dynamic proxy per annotation type, which no JDK 25 start-up cache keeps (~60 ms of every
 * plan).
 *
 * <p>It holds only what parsing a plan needs: the names, types, arity and labels of every option
 * and parameter of {@link AimCommand} and {@link PlanCommand}, bound to the same fields. No help
 * text and no {@code --help}/{@code --version}: anything this model does not accept as it is (help,
 * a typo, a bad value) is answered by the annotated model instead ({@link #FALL_BACK}), so usage,
 * error messages and suggestions are exactly the annotated ones. {@code PlanCommandLineTest} checks
 * that the two models declare the same options.
 */
final class PlanCommandLine {
  /** The exit code this model's parse-error handler returns: run the annotated model instead. */
  static final int FALL_BACK = Integer.MIN_VALUE + 17;

  private PlanCommandLine() {}

  /**
   * True when {@code args} name the {@code plan} command, the only one this model describes (its
   * options may come before the name).
   */
  static boolean covers(String... args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a.equals("plan");
      }
    }
    return false;
  }

  /**
   * True when {@code args} ask for the version and nothing else: {@code --version} or {@code -V},
   * with at most {@code --verbose} and {@code --no-color} beside. Anything more goes to the
   * annotated model: picocli ignores what follows a help option, so an unknown word would not fall
   * back, and the annotated root knows {@code --help}, clustered options and the rest.
   */
  static boolean coversVersion(String... args) {
    boolean version = false;
    for (String a : args) {
      boolean v = a.equals("--version") || a.equals("-V");
      if (!v && !a.equals("--verbose") && !a.equals("--no-color")) {
        return false;
      }
      version |= v;
    }
    return version;
  }

  /**
   * The root command alone, with {@code -V}/{@code --version} and the {@link VersionProvider}: the
   * annotated root's reflection and annotation proxies were half of {@code --version}'s start-up.
   * Its {@code execute} prints the version through picocli as the annotated root does.
   */
  static CommandLine version(App app, CommandLine.IFactory factory) {
    CommandSpec rootSpec = root(app, factory);
    rootSpec.addOption(
        OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).build());
    rootSpec.versionProvider(new VersionProvider());
    return new CommandLine(rootSpec, factory);
  }

  private static CommandSpec root(App app, CommandLine.IFactory factory) {
    AimCommand root = new AimCommand(app);
    CommandSpec rootSpec = CommandSpec.wrapWithoutInspection(root, factory).name("aim-engine");
    addRootOptions(rootSpec, app);
    root.spec = rootSpec;
    return rootSpec;
  }

  /** The root command with {@code plan} as its one subcommand, bound to new command objects. */
  static CommandLine create(App app, CommandLine.IFactory factory, String... args) {
    PlanCommand.warmUp(app, args);
    CommandSpec rootSpec = root(app, factory);

    PlanCommand plan = new PlanCommand(app);
    PlanOptions o = new PlanOptions();
    plan.options = o;
    CommandSpec planSpec = CommandSpec.wrapWithoutInspection(plan, factory).name("plan");
    addPlanOptions(planSpec, o);
    planSpec.addOption(
        option("--port", "<port>", int.class, () -> plan.port, v -> plan.port = (Integer) v));
    planSpec.addOption(
        option("--host", "<host>", String.class, () -> plan.host, v -> plan.host = (String) v));
    planSpec.addOption(
        option(
            "--runtime",
            "RUNTIME",
            String.class,
            () -> plan.runtime,
            v -> plan.runtime = (String) v));
    planSpec.addOption(
        option("--image", "IMAGE", String.class, () -> plan.image, v -> plan.image = (String) v));
    planSpec.addOption(
        option("--json", "<json>", boolean.class, () -> plan.json, v -> plan.json = (Boolean) v));

    CommandLine cl = new CommandLine(rootSpec, factory);
    cl.addSubcommand("plan", new CommandLine(planSpec, factory));
    plan.spec = cl.getSubcommands().get("plan").getCommandSpec();
    return cl;
  }

  /**
   * Adds {@link PlanOptions}' parameters and options to {@code spec}, bound to {@code o} (plan,
   * launch and serve share them).
   */
  static void addPlanOptions(CommandSpec planSpec, PlanOptions o) {
    planSpec.addPositional(
        positional("0", "MODEL", String.class, () -> o.model, v -> o.model = (String) v));
    planSpec.addPositional(
        positional(
            "1", "GPU_COUNT", Integer.class, () -> o.gpuCount, v -> o.gpuCount = (Integer) v));
    planSpec.addOption(
        option("--precision", "P", String.class, () -> o.precision, v -> o.precision = (String) v));
    planSpec.addOption(
        OptionSpec.builder("--backend", "--engine")
            .paramLabel("ENGINE")
            .type(String.class)
            .initialValue(o.backend)
            .getter(new Binding(() -> o.backend, v -> o.backend = (String) v))
            .setter(new Binding(() -> o.backend, v -> o.backend = (String) v))
            .build());
    planSpec.addOption(
        option("--metric", "M", String.class, () -> o.metric, v -> o.metric = (String) v));
    planSpec.addOption(
        option("--gpu", "MODEL", String.class, () -> o.gpu, v -> o.gpu = (String) v));
    planSpec.addOption(
        option(
            "--gpu-count",
            "N",
            Integer.class,
            () -> o.targetGpuCount,
            v -> o.targetGpuCount = (Integer) v));
    planSpec.addOption(
        option("--recipe", "ID", String.class, () -> o.recipe, v -> o.recipe = (String) v));
    planSpec.addOption(
        option(
            "--engine-version",
            "V",
            String.class,
            () -> o.engineVersion,
            v -> o.engineVersion = (String) v));
    planSpec.addOption(
        option("--revision", "REV", String.class, () -> o.revision, v -> o.revision = (String) v));
    planSpec.addOption(
        OptionSpec.builder("--arg")
            .paramLabel("KEY=VALUE")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .initialValue(o.args)
            .getter(new Binding(() -> o.args, PlanCommandLine.assign(v -> o.args = v)))
            .setter(new Binding(() -> o.args, PlanCommandLine.assign(v -> o.args = v)))
            .build());
  }

  /** The root command's inherited {@code --verbose} and {@code --no-color}, bound to the App. */
  static void addRootOptions(CommandSpec rootSpec, App app) {
    rootSpec.addOption(
        inherited("--verbose", "<verbose>")
            .setter(new Binding(() -> false, v -> app.verbose((Boolean) v)))
            .build());
    rootSpec.addOption(
        inherited("--no-color", "<noColor>")
            .setter(new Binding(() -> false, v -> app.noColor((Boolean) v)))
            .build());
  }

  private static OptionSpec.Builder inherited(String name, String label) {
    return OptionSpec.builder(name)
        .paramLabel(label)
        .type(boolean.class)
        .scopeType(ScopeType.INHERIT)
        .hasInitialValue(false);
  }

  static <T> OptionSpec option(
      String name, String label, Class<T> type, Supplier<Object> get, Consumer<Object> set) {
    Binding b = new Binding(get, set);
    return OptionSpec.builder(name)
        .paramLabel(label)
        .type(type)
        .initialValue(get.get())
        .getter(b)
        .setter(b)
        .build();
  }

  static PositionalParamSpec positional(
      String index, String label, Class<?> type, Supplier<Object> get, Consumer<Object> set) {
    Binding b = new Binding(get, set);
    return PositionalParamSpec.builder()
        .index(index)
        .arity("0..1")
        .paramLabel(label)
        .type(type)
        .initialValue(get.get())
        .getter(b)
        .setter(b)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Consumer<Object> assign(Consumer<List<String>> set) {
    return v -> set.accept((List<String>) v);
  }

  /** A field of a command object, as picocli reads and writes it. */
  record Binding(Supplier<Object> read, Consumer<Object> write) implements IGetter, ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) read.get();
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      write.accept(value);
      return old;
    }
  }
}
