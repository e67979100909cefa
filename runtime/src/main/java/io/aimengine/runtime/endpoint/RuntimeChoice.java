package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EngineKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which runtime a launch uses, and why ({@code --runtime auto|process|container}, AIM_RUNTIME).
 * {@code auto}: the process runtime when the engine's executable is here (inside AIM Engine's
 * image, or a host install named by AIM_ENGINE_COMMAND_*); else the container runtime when a Docker
 * API socket answers; else none, with a reason naming both ways out.
 *
 * @param runtime "process", "container", or null when none is available
 * @param why one line: the reason, or for none what to do
 */
public record RuntimeChoice(String runtime, String why) {
  public static final List<String> VALUES = List.of("auto", "process", "container");

  /**
   * Chooses.
   *
   * @param requested auto, process or container (validated here)
   * @param flag where the request came from, for messages ("--runtime", "AIM_RUNTIME")
   * @param engine the plan's engine
   * @param engineHere the engine's executable as found here, empty when it is not
   * @param containerHost the Docker API endpoint that answers, empty when none (asked only when
   *     needed)
   * @param tried the endpoints a container runtime would try, for the message
   */
  public static RuntimeChoice choose(
      String requested,
      String flag,
      EngineKind engine,
      Optional<String> engineHere,
      Supplier<Optional<String>> containerHost,
      List<String> tried) {
    String r = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
    return switch (r) {
      case "process" -> new RuntimeChoice("process", "asked for (" + flag + " process)");
      case "container" -> new RuntimeChoice("container", "asked for (" + flag + " container)");
      case "auto" -> {
        if (engineHere.isPresent()) {
          yield new RuntimeChoice(
              "process",
              "auto: " + engine.label() + " is installed here (" + engineHere.get() + ")");
        }
        Optional<String> host = containerHost.get();
        if (host.isPresent()) {
          yield new RuntimeChoice(
              "container",
              "auto: "
                  + engine.label()
                  + " is not installed here; the container engine at "
                  + host.get()
                  + " answers");
        }
        yield new RuntimeChoice(
            null,
            engine.label()
                + " is not installed here and no container engine answers (tried "
                + String.join(", ", tried)
                + "); install it (or point AIM_ENGINE_COMMAND_"
                + engine.label().toUpperCase(Locale.ROOT)
                + " at it), or start Docker or 'podman system service' (or set DOCKER_HOST)");
      }
      default ->
          throw AimException.invalid(
              flag + " " + requested + ": expected auto, process or container");
    };
  }

  /**
   * The runtime, or the exit-3 error when none is available.
   *
   * @throws AimException (unexpected state) with {@link #why()}
   */
  public String require() {
    if (runtime == null) {
      throw AimException.unexpectedState(why);
    }
    return runtime;
  }
}
