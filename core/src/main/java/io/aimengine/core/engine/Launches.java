package io.aimengine.core.engine;

import io.aimengine.core.hardware.GpuVendor;
import io.aimengine.core.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a {@link LaunchSpec} the same way for every engine: the adapter supplies how to build
 * argv for a given model path and port; this class adds environment, port choice and the container
 * form (cache and local model mounted read-only at fixed container paths).
 */
final class Launches {
  /** Where the model cache is mounted in containers (the original design's path). */
  static final String CONTAINER_CACHE = "/workspace/model-cache";

  /** Where a local model directory or file is mounted in containers. */
  static final String CONTAINER_MODEL = "/workspace/model";

  private Launches() {}

  /** The port: explicit option, else the recipe's {@code port} arg, else the engine default. */
  static int port(Plan plan, LaunchOptions o, int engineDefault) {
    if (o.port() > 0) {
      return o.port();
    }
    Integer recipePort = Args.intArg(plan.recipe().canonicalArgs(), "port");
    return recipePort != null && recipePort > 0 ? recipePort : engineDefault;
  }

  /** How an adapter writes its command line for given options, model path and port. */
  interface ArgvBuilder {
    List<String> argv(LaunchOptions options, String model, String host, int port);
  }

  static LaunchSpec build(EngineAdapter adapter, Plan plan, LaunchOptions o, ArgvBuilder argvFor) {
    int port = port(plan, o, adapter.defaultPort());
    String model = plan.servedModel();
    String containerModel = model;
    if (plan.modelFiles() != null && o.hfHome() != null) {
      // Chosen files of a Hub repo (one GGUF quantization): launch pulls them into the model
      // cache at the planned commit; the engine is given the first file's path there.
      model = plan.modelFiles().pathIn(o.hfHome().resolve("hub").toString());
      containerModel = plan.modelFiles().pathIn(CONTAINER_CACHE + "/hub");
    }
    String host = BindAddress.orLoopback(o.host());
    List<String> argv = argvFor.argv(o, model, host, port);

    Map<String, String> env = new LinkedHashMap<>(plan.recipe().env());
    env.putAll(Devices.visibilityEnv(plan));
    Map<String, String> containerEnv = new LinkedHashMap<>(env);
    List<ContainerSpec.Mount> mounts = new ArrayList<>();
    if (o.hfHome() != null) {
      // HF_HUB_CACHE too: an inherited HF_HUB_CACHE would otherwise win over HF_HOME in the engine.
      env.put("HF_HOME", o.hfHome().toString());
      env.put("HF_HUB_CACHE", o.hfHome().resolve("hub").toString());
      containerEnv.put("HF_HOME", CONTAINER_CACHE);
      containerEnv.put("HF_HUB_CACHE", CONTAINER_CACHE + "/hub");
      // Read-only: launch completes the snapshot before the engine starts, so a cache hit is read
      // in place and copies nothing.
      mounts.add(new ContainerSpec.Mount(o.hfHome().toString(), CONTAINER_CACHE, true));
    }
    if (o.offline()) {
      env.put("HF_HUB_OFFLINE", "1");
      containerEnv.put("HF_HUB_OFFLINE", "1");
    }
    if (plan.modelFiles() == null && isLocalPath(model)) {
      Path p = Path.of(model).toAbsolutePath();
      containerModel =
          CONTAINER_MODEL
              + (p.getFileName().toString().endsWith(".gguf") ? "/" + p.getFileName() : "");
      mounts.add(
          new ContainerSpec.Mount(
              p.getFileName().toString().endsWith(".gguf")
                  ? p.getParent().toString()
                  : p.toString(),
              CONTAINER_MODEL,
              true));
    }
    // Inside its container the engine is the image's own executable and binds every interface of
    // the container's own network, or the published port could not reach it; the host side
    // publishes on the chosen address only.
    List<String> containerArgv =
        new ArrayList<>(
            argvFor.argv(o.withEngineCommand(null), containerModel, BindAddress.ANY_IPV4, port));
    String name = o.name() != null ? o.name() : EndpointName.base(plan);
    GpuVendor vendor = Devices.vendor(plan);
    String vendorLabel = vendor == null ? "cpu" : vendor.name().toLowerCase(Locale.ROOT);
    boolean versioned = EngineVersion.find(plan.engineVersion()).isPresent();
    Optional<EngineImages.Pinned> exact =
        versioned
            ? EngineImages.builtIn().find(adapter.kind(), vendorLabel, plan.engineVersion())
            : Optional.empty();
    Optional<EngineImages.Pinned> pinned =
        exact.isPresent() ? exact : EngineImages.builtIn().find(adapter.kind(), vendorLabel, null);
    boolean vouched = exact.isPresent() || (!versioned && pinned.isPresent());
    ContainerSpec container =
        Devices.container(
            plan,
            name,
            pinned.orElse(null),
            vouched,
            containerArgv,
            containerEnv,
            mounts,
            new ContainerSpec.Port(host, port, port),
            o.renderNodes());
    if (o.image() != null) {
      container = container.withImage(o.image());
    }
    return new LaunchSpec(
        adapter.kind(),
        argv,
        env,
        Devices.unsetEnv(plan),
        host,
        port,
        adapter.healthPath(),
        adapter.readinessPath(),
        servedName(plan),
        container);
  }

  /** The name clients send: the model the user asked for. */
  static String servedName(Plan plan) {
    Object n = plan.recipe().canonicalArgs().get("served-model-name");
    if (n instanceof List<?> l && !l.isEmpty()) {
      return String.valueOf(l.get(0));
    }
    if (n instanceof String s && !s.isBlank()) {
      return s.trim().split("\\s+")[0];
    }
    return plan.model();
  }

  static boolean isLocalPath(String model) {
    return model.startsWith("/")
        || model.startsWith("./")
        || model.startsWith("../")
        || model.endsWith(".gguf");
  }
}
