package io.aimengine.llamaserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When this process started, in epoch milliseconds: the moment the engine's start-up begins, which
 * bench/launch.sh subtracts from the launcher's wall time.
 *
 * <p>The JVM's own start time ({@code RuntimeMXBean.getStartTime}) is stamped when the VM has been
 * created, 60-190 ms after {@code exec} on the bench machine (mapping the class-data archive,
 * initialising {@code java.lang} and the module system): that part of the engine's start-up would
 * count as the launcher's. {@code ProcessHandle}'s start instant is no better: it adds the boot
 * time, which {@code /proc/stat} gives in whole seconds. Here the process's age is read on the
 * kernel's boot clock instead — {@code /proc/uptime} (now) minus field 22 of {@code
 * /proc/self/stat} (the start), both in hundredths of a second — and taken from the wall clock now:
 * within ±10 ms of the fork that became this process.
 */
final class ProcessStart {
  /** USER_HZ: the unit of /proc's clock-tick fields, 100 on every Linux architecture's ABI. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStart() {}

  /**
   * This process's start in epoch milliseconds; {@code jvmStart} where /proc cannot say (not Linux)
   * or says something implausible (later than the JVM's start, or over a minute before it).
   */
  static long epochMillis(long jvmStart) {
    try {
      long now = System.currentTimeMillis();
      long start =
          fromProc(
              now,
              Files.readString(Path.of("/proc/self/stat")),
              Files.readString(Path.of("/proc/uptime")));
      return start <= jvmStart && start > jvmStart - 60_000 ? start : jvmStart;
    } catch (IOException | RuntimeException e) {
      return jvmStart;
    }
  }

  /**
   * The start in epoch milliseconds from {@code stat} (a {@code /proc/PID/stat} line) and {@code
   * uptime} (the {@code /proc/uptime} line), both read at {@code nowEpochMillis}.
   */
  static long fromProc(long nowEpochMillis, String stat, String uptime) {
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long startTicks = Long.parseLong(fields[22 - 3]); // field 22, "starttime"
    double upSeconds = Double.parseDouble(uptime.trim().split("\\s+")[0]);
    long ageMillis = Math.round((upSeconds - startTicks / TICKS_PER_SECOND) * 1000);
    return nowEpochMillis - ageMillis;
  }
}
