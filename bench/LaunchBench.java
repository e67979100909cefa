import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launch benchmark (run by bench/launch.sh): N times `bin/aim-engine launch tiny.gguf --backend
 * llamacpp --detach`, each against a fresh port, then stop. Per run it measures, on one clock:
 *
 * <ul>
 *   <li>health → ready: from the moment the engine's /health turned 200 (the engine logs it as
 *       ready_epoch_ms) to the moment the CLI printed "is ready" (read here from its stdout). This
 *       includes the poll delay, GET /v1/models and the smoke completion.
 *   <li>overhead: the CLI's wall time minus the engine's own start-up (its process start to its
 *       /health turning 200, process_start_epoch_ms → ready_epoch_ms): JVM start of the CLI,
 *       planning, the store, spawning, readiness checks, recording. The engine's process start is
 *       its fork (from /proc, to 10 ms), so its own JVM's boot counts as the engine's start-up;
 *       an engine that reports no jvm_start_epoch_ms (an older build) stamped its start when its
 *       JVM had been created, counting that boot as the launcher's.
 *   <li>engine JVM: of the engine's start-up, its JVM's boot (its fork to the JVM's recorded start,
 *       jvm_start_epoch_ms), -1 when the engine does not report it.
 *   <li>its two halves: before (the CLI's start to the engine's process start) and after (the
 *       engine's /health turning 200 to the CLI's exit), and of the latter ready → exit (from the
 *       "is ready" line to the process's end: recording, closing the store, JVM exit).
 *   <li>the CLI's CPU time (user + sys, from /usr/bin/time when installed; -1 otherwise).
 * </ul>
 *
 * Args: ROOT MODEL RUNS. Prints one line per run and the medians.
 */
public class LaunchBench {
  static final Pattern READY =
      Pattern.compile(
          "ready_epoch_ms=(\\d+) process_start_epoch_ms=(\\d+)(?: jvm_start_epoch_ms=(\\d+))?");

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path model = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    Path home = Files.createTempDirectory("aim-bench-home");
    Map<String, String> env = Map.of("AIM_HOME", home.toString(), "AIM_SKIP_BUILD", "1");
    List<Long> healthToReady = new ArrayList<>();
    List<Long> overhead = new ArrayList<>();
    List<Long> walls = new ArrayList<>();
    List<Long> engine = new ArrayList<>();
    List<Long> engineJvm = new ArrayList<>();
    List<Long> before = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    List<Long> readyToExit = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    Path time = Path.of("/usr/bin/time");
    Path cpuFile = home.resolve("cpu.txt");
    System.out.printf(
        "%-4s %8s %10s %13s %16s %12s %10s %9s %13s %7s%n",
        "run", "wall_ms", "engine_ms", "engine_jvm_ms", "health→ready_ms", "overhead_ms",
        "before_ms", "after_ms", "ready→exit_ms", "cpu_ms");
    for (int i = 1; i <= runs; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String name = "bench-" + i;
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(time)) {
        cmd.addAll(List.of(time.toString(), "-o", cpuFile.toString(), "-f", "%U %S"));
      }
      cmd.addAll(
          List.of(
              root.resolve("bin/aim-engine").toString(), "launch", model.toString(), "--backend",
              "llamacpp", "--detach", "--port", String.valueOf(port), "--name", name));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      long t0 = System.currentTimeMillis();
      Process p = pb.start();
      long readyLine = -1;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (readyLine < 0 && line.contains(" is ready at ")) {
            readyLine = System.currentTimeMillis();
          }
        }
      }
      int code = p.waitFor();
      long t1 = System.currentTimeMillis();
      if (code != 0 || readyLine < 0) {
        throw new IllegalStateException("launch " + i + " failed with exit code " + code);
      }
      // The engine writes its line just after /health turned 200: a quick launcher can be done
      // before it is in the log.
      Matcher m = READY.matcher("");
      for (long until = System.currentTimeMillis() + 10_000;
          !m.find() && System.currentTimeMillis() < until; ) {
        Thread.sleep(20);
        m = READY.matcher(Files.readString(home.resolve("logs/" + name + ".log")));
      }
      if (!m.find(0)) {
        throw new IllegalStateException("no ready_epoch_ms in the engine log of run " + i);
      }
      long engineReady = Long.parseLong(m.group(1));
      long engineStart = Long.parseLong(m.group(2));
      long jvm = m.group(3) == null ? -1 : Long.parseLong(m.group(3)) - engineStart;
      long wall = t1 - t0;
      long eng = engineReady - engineStart;
      long h2r = readyLine - engineReady;
      long over = wall - eng;
      long cpuMs = -1;
      if (Files.isExecutable(time)) {
        String[] f = Files.readString(cpuFile).trim().split("\\s+");
        cpuMs = Math.round((Double.parseDouble(f[0]) + Double.parseDouble(f[1])) * 1000);
      }
      walls.add(wall);
      engine.add(eng);
      engineJvm.add(jvm);
      healthToReady.add(h2r);
      overhead.add(over);
      before.add(engineStart - t0);
      after.add(t1 - engineReady);
      readyToExit.add(t1 - readyLine);
      cpu.add(cpuMs);
      System.out.printf(
          "%-4d %8d %10d %13d %16d %12d %10d %9d %13d %7d%n",
          i, wall, eng, jvm, h2r, over, engineStart - t0, t1 - engineReady, t1 - readyLine, cpuMs);
      ProcessBuilder stop =
          new ProcessBuilder(root.resolve("bin/aim-engine").toString(), "stop", name)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      stop.environment().putAll(env);
      stop.start().waitFor();
    }
    System.out.printf(
        "median %6d %10d %13d %16d %12d %10d %9d %13d %7d%n",
        median(walls), median(engine), median(engineJvm), median(healthToReady), median(overhead),
        median(before), median(after), median(readyToExit), median(cpu));
    System.out.printf(
        "targets: health→ready ≤ 100 ms (median %d ms), launch overhead ≤ 500 ms (median %d ms)%n",
        median(healthToReady), median(overhead));
  }

  static long median(List<Long> l) {
    List<Long> s = new ArrayList<>(l);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
