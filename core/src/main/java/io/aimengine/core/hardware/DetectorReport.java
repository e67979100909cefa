package io.aimengine.core.hardware;

/**
 * What one detector answered, for {@code aim-engine gpus} and plan explanations.
 *
 * @param detector detector name ("override", "amd-smi", "rocm-smi", "kfd-sysfs", "nvidia-smi")
 * @param outcome found / not available / failed / not tried
 * @param devices devices it found (0 unless FOUND)
 * @param detail one line: why it was unavailable or failed, or what it found
 */
public record DetectorReport(String detector, Outcome outcome, int devices, String detail) {

  /** The closed set of detector answers. */
  public enum Outcome {
    FOUND,
    NOT_AVAILABLE,
    FAILED,
    NOT_TRIED
  }
}
