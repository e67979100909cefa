package io.aimengine.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessStartTest {
  @Test
  void theStartIsTheProcessAgeOnTheBootClockTakenFromNow() {
    // started 1234.56 s after boot, 1240.00 s since boot now: 5.44 s old
    String stat =
        "4242 (java) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 19 0 123456 999 77";
    assertThat(ProcessStart.fromProc(1_000_000_000L, stat, "1240.00 2470.12\n"))
        .isEqualTo(1_000_000_000L - 5_440);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String stat = "7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 500 1 1";
    assertThat(ProcessStart.fromProc(10_000L, stat, "6.00 1.00")).isEqualTo(10_000L - 1_000);
  }

  @Test
  void onLinuxThisProcessStartedBeforeItsJvmWasCreated() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")));
    long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
    long start = ProcessStart.epochMillis(jvm);
    // Creating a VM takes tens of milliseconds at least; /proc is read to 10 ms.
    assertThat(start).isLessThan(jvm).isGreaterThan(jvm - 60_000);
  }

  @Test
  void anImplausibleAnswerFallsBackToTheJvmStart() {
    // a JVM start before the process's own start can only mean /proc was misread
    assertThat(ProcessStart.epochMillis(0L)).isZero();
  }
}
