package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: parse, wire, exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    noGroovyClosures();
    noReflectiveConverters();
    nativeReflection();
    namedLoggingProvider();
    namedSelectorProvider();
    PullProcess.exitWithParent();
    int code = run(Settings.fromSystem(), args);
    System.out.flush();
    if (code == 0 && onlyThisThreadKeepsTheJvmAlive()) {
      // Returning ends the JVM as System.exit(0) would (shutdown hooks run), without the exit
      // logging of Runtime.exit: its System.Logger look-up scans the class path for logging
      // providers, which opens and indexes the 26,000-entry jar (~50 ms of every command).
      return;
    }
    if (io.aimengine.core.ShutdownHooks.none()) {
      // A failing command (a plan that does not fit, a bad flag) with no hook of ours pending:
      // halting skips nothing exit would run for us (the commands' hooks are removed when they
      // return), and skips the same exit logging, which there is no returning around here.
      System.err.flush();
      Runtime.getRuntime().halt(code);
    }
    System.exit(code);
  }

  /** True when no other non-daemon thread is alive, so returning from main ends the JVM. */
  static boolean onlyThisThreadKeepsTheJvmAlive() {
    // The platform threads of every group, without Thread.getAllStackTraces' stack traces (a
    // safepoint and an array of frames per thread; ~5 ms of an interpreted plan's exit). Virtual
    // threads are daemons.
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    Thread self = Thread.currentThread();
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t != self && t.isAlive() && !t.isDaemon()) {
        return false;
      }
    }
    return n < threads.length; // a full array may have missed one: exit as if one ran
  }

  /**
   * picocli's default factory looks for Groovy's {@code Closure} class when it is first used (the
   * standard help options of every command): a class that is not there makes the class loader open
   * and index the 26,000-entry jar, ~30 ms of every command. This CLI has no Groovy; picocli's
   * documented switch skips the look-up.
   */
  static void noGroovyClosures() {
    System.setProperty("picocli.disable.closures", "true");
  }

  /**
   * Every picocli command line registers converters for {@code java.sql} and {@code java.time}
   * types by reflection ({@code Class.forName}, {@code getDeclaredMethod}; ~5% of a plan's
   * start-up). No option of this CLI has such a type ({@code MainTest}); picocli's documented
   * property leaves them out.
   */
  static void noReflectiveConverters() {
    System.setProperty(EXCLUDED_CONVERTERS, "java\\.(sql|time)\\..*");
  }

  static final String EXCLUDED_CONVERTERS = "picocli.converters.excludes";

  /**
   * Core reflection through the JVM's native accessors rather than method handles: Jackson makes
   * the records it reads (a launch reads the endpoints' leases) through their constructors, and a
   * method-handle accessor spins a dozen LambdaForm classes per shape at run time, which no JDK 25
   * start-up cache keeps (~50 ms of a launch on a loaded 2-core machine). Nothing in AIM Engine
   * calls reflection in a hot loop. A documented JDK switch, read when reflection is first used.
   */
  static void nativeReflection() {
    System.setProperty("jdk.reflect.useNativeAccessorOnly", "true");
  }

  /**
   * Names SLF4J's provider (slf4j-simple, configured by simplelogger.properties) instead of letting
   * SLF4J look for providers with a ServiceLoader: that scans the class path, opening and indexing
   * the 26,000-entry jar (~70 ms of a launch, whose SQLite driver logs through SLF4J). SLF4J 2's
   * documented {@code slf4j.provider} property; the same provider either way.
   */
  static void namedLoggingProvider() {
    System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    // ...without SLF4J's informational line about where the provider came from.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

  /**
   * Names the JDK's own NIO selector provider on Linux (the one it would choose: epoll) instead of
   * letting the first channel look for providers with a ServiceLoader: that scans the class path,
   * opening and indexing the 26,000-entry jar (~25 ms of a plan where a Docker socket answers, the
   * first Unix-domain socket of the command; and of every container launch). The documented {@code
   * java.nio.channels.spi.SelectorProvider} property; a value the user set is kept.
   */
  static void namedSelectorProvider() {
    if ("Linux".equals(System.getProperty("os.name"))
        && System.getProperty("java.nio.channels.spi.SelectorProvider") == null) {
      System.setProperty(
          "java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
    }
  }

  /** Runs one command with the given settings and returns its exit code (tests call this). */
  public static int run(Settings settings, String... args) {
    App app = new App(settings);
    try {
      int code = app.quickCommandLine(args).execute(args);
      return code != PlanCommandLine.FALL_BACK ? code : app.commandLine(args).execute(args);
    } finally {
      app.close();
    }
  }

  /** Like {@link #run(Settings, String...)}, writing to {@code out} and {@code err}. */
  public static int run(Settings settings, PrintWriter out, PrintWriter err, String... args) {
    App app = new App(settings);
    try {
      CommandLine cl = app.quickCommandLine(args);
      cl.setOut(out);
      cl.setErr(err);
      int code = cl.execute(args);
      if (code == PlanCommandLine.FALL_BACK) {
        cl = app.commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        code = cl.execute(args);
      }
      return code;
    } finally {
      out.flush();
      err.flush();
      app.close();
    }
  }
}
