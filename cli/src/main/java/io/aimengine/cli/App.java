package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuOverride;
import io.aimengine.core.hardware.HardwareDetector;
import io.aimengine.core.hardware.Inventory;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The one place that builds the object graph. Commands get what they need from here, lazily, so a
 * command that needs no catalog never reads one.
 */
public final class App {
  private final Settings settings;
  private Catalog catalog;
  private HardwareDetector hardware;
  private Inventory inventory;
  private boolean verbose;

  public App(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public GpuCatalog gpus() {
    return GpuCatalog.builtIn();
  }

  public synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = FileCatalog.standard(settings);
    }
    return catalog;
  }

  /** The GPU detector: tools on PATH, files under AIM_SYSFS_ROOT, AIM_DETECT_TIMEOUT_MS. */
  public synchronized HardwareDetector hardware() {
    if (hardware == null) {
      hardware = HardwareDetector.forSettings(settings);
    }
    return hardware;
  }

  /**
   * This host's inventory, detected once per command (AIM_GPU_MODEL / AIM_GPU_COUNT honoured).
   * Commands with {@code --gpu/--gpu-count} call {@link #inventory(Optional)} instead.
   */
  public synchronized Inventory inventory() {
    if (inventory == null) {
      inventory = hardware().detect(settings, Optional.empty());
    }
    return inventory;
  }

  /**
   * The inventory with CLI overrides on top of the environment's; detects unless the flags give
   * both model and count. Not cached when flags are given.
   */
  public Inventory inventory(Optional<GpuOverride> flags) {
    return flags.isEmpty() ? inventory() : hardware().detect(settings, flags);
  }

  void verbose(boolean v) {
    this.verbose = v;
  }

  /** The configured picocli command line: factory, exit codes, error handlers. */
  public CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AimCommand(this), new Factory(this));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(this::onException);
    cl.setParameterExceptionHandler(this::onBadParameters);
    return cl;
  }

  private int onException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof AimException a) {
      err.println("aim-engine: " + a.getMessage());
      if (verbose) {
        a.printStackTrace(err);
      }
      err.flush();
      return a.exitCode().code();
    }
    err.println(
        "aim-engine: internal error: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
            + (verbose ? "" : " (run with --verbose for details)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  private int onBadParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("aim-engine: " + firstLine(e.getMessage()));
    String path = cl.getCommandSpec().qualifiedName();
    err.println(
        "Usage: see '" + path + " --help'" + (args.length > 0 ? "" : Arrays.toString(args)));
    err.flush();
    return ExitCode.INVALID_INPUT.code();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Creates command objects, handing each the App when its constructor takes one. */
  private record Factory(App app) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(App.class).newInstance(app);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
