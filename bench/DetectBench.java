import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.HardwareDetector;
import io.aimengine.core.hardware.Inventory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * In-process detection timing (run by bench/detect.sh as a single-file program against the CLI
 * jar): the first detection in a fresh JVM, then the median and minimum of the following ones,
 * with the environment bench/detect.sh set up (fake tools on PATH, fake node under AIM_SYSFS_ROOT).
 */
public class DetectBench {
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Settings settings = Settings.fromSystem();
    HardwareDetector detector = HardwareDetector.forSettings(settings);
    long[] ms = new long[runs];
    String source = "";
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Inventory inv = detector.detect(settings, Optional.empty());
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      source = inv.gpus().size() + " GPUs from " + inv.source();
    }
    long first = ms[0];
    long[] rest = Arrays.copyOfRange(ms, 1, runs);
    Arrays.sort(rest);
    System.out.printf(
        "in-process (%s): first %d ms, then median %d ms, min %d ms over %d runs%n",
        source, first, rest[rest.length / 2], rest[0], rest.length);
  }
}
