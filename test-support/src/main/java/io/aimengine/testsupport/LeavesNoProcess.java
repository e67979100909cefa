package io.aimengine.testsupport;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * After every test (after its own {@code @AfterEach} clean-up), ends every process the test left
 * behind and fails the test when there was one. A process is the test's when it descends from this
 * JVM, or when its command line or environment names one of the test's {@code @TempDir} directories
 * (engines run in their own session, so once their launcher ended they descend from init; their
 * monitor's command line names the run directory under the test's {@code AIM_HOME}, and an engine
 * whose monitor is gone still has {@code HF_HOME} under it). Each such process's whole process
 * group is SIGKILLed (never this JVM's own group). Linux only ({@code /proc}); elsewhere it only
 * looks at descendants.
 *
 * <p>Loaded by JUnit's extension auto-detection (META-INF/services and {@code
 * junit.jupiter.extensions.autodetection.enabled=true} in a module's junit-platform.properties).
 * Tests therefore never depend on clean-up code that a failed assertion skipped.
 */
public final class LeavesNoProcess implements AfterEachCallback {
  private static final Path PROC = Path.of("/proc");

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<String> roots = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      roots.addAll(tempDirs(instance));
    }
    Map<Long, String> left = leftBehind(roots);
    if (left.isEmpty()) {
      return;
    }
    kill(left.keySet());
    if (context.getExecutionException().isEmpty()) {
      throw new AssertionError(
          "the test left " + left.size() + " process(es) running (now killed): " + left);
    }
  }

  /** The test's processes still alive: pid → command line. */
  public static Map<Long, String> leftBehind(List<String> roots) {
    Map<Long, String> out = new LinkedHashMap<>();
    long self = ProcessHandle.current().pid();
    ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .forEach(h -> out.put(h.pid(), cmdline(h.pid())));
    if (!roots.isEmpty() && Files.isDirectory(PROC)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
        for (Path p : ds) {
          long pid;
          try {
            pid = Long.parseLong(p.getFileName().toString());
          } catch (NumberFormatException e) {
            continue;
          }
          if (pid == self) {
            continue;
          }
          String cmd = cmdline(pid);
          String env = environ(pid);
          if (roots.stream().anyMatch(r -> cmd.contains(r) || env.contains(r))) {
            out.put(pid, cmd);
          }
        }
      } catch (IOException e) {
        // /proc unreadable: descendants are all we know
      }
    }
    out.keySet().removeIf(pid -> zombie(pid));
    return out;
  }

  /** SIGKILLs each process and its whole process group (never this JVM's group). */
  public static void kill(Set<Long> pids) throws IOException, InterruptedException {
    long ownGroup = group(ProcessHandle.current().pid());
    Set<String> targets = new TreeSet<>();
    for (long pid : pids) {
      long g = group(pid);
      if (g > 1 && g != ownGroup) {
        targets.add("-" + g);
      }
      targets.add(String.valueOf(pid));
    }
    List<String> cmd = new ArrayList<>(List.of("kill", "-KILL", "--"));
    cmd.addAll(targets);
    Process k =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    k.waitFor(10, TimeUnit.SECONDS);
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS));
    }
  }

  private static List<String> tempDirs(Object instance) throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!f.isAnnotationPresent(TempDir.class)) {
          continue;
        }
        f.setAccessible(true);
        Object v = Modifier.isStatic(f.getModifiers()) ? f.get(null) : f.get(instance);
        if (v instanceof Path p) {
          out.add(p.toAbsolutePath().toString());
        } else if (v instanceof File file) {
          out.add(file.getAbsolutePath());
        }
      }
    }
    return out;
  }

  private static String cmdline(long pid) {
    try {
      byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      return new String(b, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
    }
  }

  /** The process's environment (readable for our own processes), "" when not. */
  private static String environ(long pid) {
    try {
      return new String(
          Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ")),
          StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  private static String[] stat(long pid) {
    try {
      String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean zombie(long pid) {
    String[] f = stat(pid);
    if (f == null) {
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }
    return f[0].equals("Z") || f[0].equals("X");
  }

  private static long group(long pid) {
    String[] f = stat(pid);
    try {
      return f == null ? -1 : Long.parseLong(f[2]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
