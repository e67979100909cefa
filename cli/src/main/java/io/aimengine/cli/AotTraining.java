package io.aimengine.cli;

import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the JVM's ahead-of-time cache (JDK 25+, JEP 483/514): bin/aim-engine runs it
 * once per build with {@code -XX:AOTCacheOutput}, so every later command starts with the classes it
 * needs already loaded and linked (~0.15 s less per command). Exercises the common commands
 * in-process against a throw-away AIM_HOME; touches no user state and starts no engine.
 *
 * <p>With the argument {@code plan} it trains the cache {@code plan} and {@code --version} start
 * with ({@link #PLAN}): the JVM loads every class of a cache at start-up, and the full set (JSON
 * output, the endpoint store, the cache commands) is half as large again as what a plan needs. With
 * {@code plan-target} it trains the cache of a catalogued model's plan for a machine named by
 * {@code --gpu} ({@link #PLAN_TARGET}); with {@code plan-model} that of such a plan of a model
 * outside the catalog (the same plans, and the reading of a config.json and of Hub facts); with
 * {@code version} that of {@code --version} ({@link #VERSION}); with {@code launch} that of a
 * process launch ({@link #LAUNCH}) and with {@code container} that of a container launch ({@link
 * LaunchTraining#containerLaunchAndStop}).
 */
public final class AotTraining {
  private AotTraining() {}

  /**
   * What the plan cache is trained on: plans as text and as JSON, and the version. The state
   * database is created first, as on any host that has launched something: a plan reads it for the
   * GPUs in use.
   */
  static final List<List<String>> PLAN =
      List.of(
          List.of("--version"),
          targetPlan("Qwen/Qwen3-32B", "MI300X", 8),
          targetPlan("Qwen/Qwen3-32B", "MI300X", 1),
          targetPlan("Qwen/Qwen3-32B", "MI300X", 8, "--json"),
          List.of("plan", "Qwen/Qwen3-32B"),
          List.of("plan", "Qwen/Qwen3-32B", "--json"),
          List.of("plan", "meta-llama/Llama-3.1-405B-Instruct", "2"),
          targetPlan("deepseek-ai/DeepSeek-R1-0528", "MI300X", 8, "--json"));

  /**
   * What the target-machine plan cache is trained on ({@code AotTraining plan-target}): plans as
   * text of catalogued models for a machine named by {@code --gpu}/{@code --gpu-count}, which open
   * no endpoint store, print no JSON and read no config.json. bin/aim-engine starts such a {@code
   * plan} with it: ~1,940 classes against the plan cache's ~2,900 (the store's SQLite driver,
   * Jackson's data binding and the Hub's JSON reading, which the JVM would all load first). The
   * plan-model cache adds models outside the catalog (below).
   */
  static final List<List<String>> PLAN_TARGET =
      List.of(
          targetPlan("Qwen/Qwen3-32B", "MI300X", 8),
          targetPlan("Qwen/Qwen3-32B", "MI300X", 1),
          targetPlan("meta-llama/Llama-3.1-70B-Instruct", "MI325X", 2),
          targetPlan("meta-llama/Llama-3.1-405B-Instruct", "MI300X", 1),
          // A mixture of experts with latent attention, SGLang, fp8 on NVIDIA: the classes of
          // those paths would otherwise come from the jar (~50 ms to open it).
          targetPlan("deepseek-ai/DeepSeek-R1-0528", "MI300X", 8),
          targetPlan("Qwen/Qwen3-32B", "MI300X", 1, "--backend", "sglang"),
          targetPlan("meta-llama/Llama-3.1-405B-Instruct", "H100", 8),
          // A flag the engine does not have: exit 2 with the nearest names.
          targetPlan("Qwen/Qwen3-32B", "MI300X", 1, "--arg", "max-num-seq=64"));

  /** {@code plan MODEL --gpu GPU --gpu-count COUNT}, then {@code more}. */
  private static List<String> targetPlan(String model, String gpu, int count, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("plan", model, "--gpu", gpu, "--gpu-count", Integer.toString(count)));
    args.addAll(List.of(more));
    return List.copyOf(args);
  }

  /** config.json of a Llama-3.1-8B-shaped model, for the plan of a model outside the catalog. */
  private static final String LOCAL_CONFIG =
      """
      {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
       "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
       "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 128256,
       "max_position_embeddings": 131072, "rope_scaling": {"factor": 8.0, "rope_type": "llama3"},
       "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
      """;

  /**
   * What the {@code --version} cache is trained on ({@code AotTraining version}): the version
   * alone. bin/aim-engine starts exactly {@code --version} or {@code -V} (beside {@code --verbose}
   * or {@code --no-color}, as {@link PlanCommandLine#coversVersion}) with it: ~1,000 classes
   * against the plan cache's ~3,000, which the JVM would all load first (~80 ms less CPU).
   */
  static final List<List<String>> VERSION = List.of(List.of("--version"));

  /**
   * What the process-launch cache ({@code AotTraining launch}) runs after {@link LaunchTraining}'s
   * pieces and its whole {@code launch --detach} and {@code stop} of a GGUF file under the process
   * runtime: a catalogued model's launch as far as its plan (the catalog's path). No container
   * launch: bin/aim-engine starts {@code launch}/{@code serve --backend llamacpp} with this cache
   * unless a container runtime is asked for, and the JVM loads every class of a cache first —
   * docker-java's ~1,300 among them in the full cache.
   */
  static final List<List<String>> LAUNCH =
      List.of(List.of("launch", "Qwen/Qwen3-32B", "--dry-run"));

  /**
   * A plan on a host where a Docker API socket answers (DOCKER_HOST, or Podman's socket as CI has):
   * the plan pings it to say which runtime a launch would use (SocketPing), ~120 classes of
   * Unix-domain socket I/O that no other trained command loads. A stand-in socket in the throw-away
   * home answers the ping with 200, as Docker and Podman do. Not {@link DockerApiStandIn}: it maps
   * its JSON with an ObjectMapper, whose classes would then fill the plan caches.
   */
  private static void planWithAContainerEngineAnswering(Path home) throws IOException {
    Path socket = home.resolve("docker.sock");
    try (java.nio.channels.ServerSocketChannel server =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(socket));
      Thread answering =
          new Thread(
              () -> {
                byte[] ok =
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                while (server.isOpen()) {
                  try (java.nio.channels.SocketChannel c = server.accept()) {
                    c.read(java.nio.ByteBuffer.allocate(512));
                    c.write(java.nio.ByteBuffer.wrap(ok));
                  } catch (IOException e) {
                    return; // closed: training is over
                  }
                }
              },
              "aim-aot-docker-stand-in");
      answering.setDaemon(true);
      answering.start();
      Settings withEngine =
          new Settings(
              Map.of("AIM_HOME", home.toString(), "DOCKER_HOST", "unix://" + socket), home);
      StringWriter sink = new StringWriter();
      Main.run(
          withEngine,
          new PrintWriter(sink),
          new PrintWriter(sink),
          "plan",
          "Qwen/Qwen3-32B",
          "--gpu",
          "MI300X",
          "--gpu-count",
          "8");
    }
  }

  /** Which cache a run trains: bin/aim-engine's kinds by their argument; none: the full one. */
  enum Kind {
    FULL,
    PLAN,
    PLAN_TARGET,
    PLAN_MODEL,
    VERSION,
    LAUNCH,
    /**
     * The container-launch cache: LaunchTraining's pieces and its whole container launch, list,
     * logs and stop against DockerApiStandIn, nothing else. bin/aim-engine starts {@code
     * launch}/{@code serve --runtime container} with it, and trains it without method profiles:
     * with them the JVM compiles ~1.7 times the bytecode at the start of a container launch, on the
     * core that Podman's container start and the engine's own start need.
     */
    CONTAINER;

    static Kind of(String... args) {
      return args.length == 0
          ? FULL
          : switch (args[0]) {
            case "plan" -> PLAN;
            case "plan-target" -> PLAN_TARGET;
            case "plan-model" -> PLAN_MODEL;
            case "version" -> VERSION;
            case "launch" -> LAUNCH;
            case "container" -> CONTAINER;
            default -> FULL;
          };
    }

    /** The commands run first, in-process. */
    List<List<String>> commands() {
      return switch (this) {
        case FULL -> AotTraining.FULL;
        case PLAN -> AotTraining.PLAN;
        case PLAN_TARGET, PLAN_MODEL -> AotTraining.PLAN_TARGET;
        case VERSION -> AotTraining.VERSION;
        case LAUNCH, CONTAINER -> List.of();
      };
    }

    /** Plans: also one with a Docker socket answering. */
    boolean plans() {
      return this == PLAN || this == PLAN_TARGET || this == PLAN_MODEL;
    }

    /**
     * The plan and plan-model caches: also models outside the catalog (a local config.json, a Hub
     * id offline).
     */
    boolean plansOutsideTheCatalog() {
      return this == PLAN || this == PLAN_MODEL;
    }

    /**
     * Process launches: LaunchTraining's pieces and a whole process launch and stop ({@link
     * #CONTAINER} has the pieces and a container launch instead).
     */
    boolean launches() {
      return this == FULL || this == LAUNCH;
    }
  }

  /**
   * What the full cache is trained on first, before the launches and {@link LaunchTraining#AFTER}.
   */
  static final List<List<String>> FULL =
      List.of(
          List.of("--help"),
          List.of("--version"),
          List.of("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "1"),
          List.of("plan", "Qwen/Qwen3-32B", "--json"),
          List.of("plan", "Qwen/Qwen3-32B"),
          List.of("plan", "meta-llama/Llama-3.1-405B-Instruct", "2"),
          List.of("list", "--json"),
          List.of("list"),
          List.of("stop", "--all"),
          List.of("gpus", "--json"),
          List.of("recipes", "list", "Qwen/Qwen3-32B"),
          List.of("models", "list"),
          List.of("cache", "list", "--json"));

  public static void main(String[] args) throws IOException {
    Kind kind = Kind.of(args);
    // What Main.main does before a command, so its classes come from the cache too (a class the
    // cache lacks makes the class loader open the 26,000-entry jar, ~30 ms).
    Main.noGroovyClosures();
    Main.noReflectiveConverters();
    Main.nativeReflection();
    Main.namedLoggingProvider();
    Main.namedSelectorProvider();
    PullProcess.exitWithParent();
    Settings.fromSystem();
    Main.onlyThisThreadKeepsTheJvmAlive();
    io.aimengine.core.ShutdownHooks.none(); // how Main ends a failing command
    Path home = trainingHome();
    try {
      // As a user's environment: no AIM_CACHE_DIR (the model cache is $AIM_HOME/cache), so the
      // settings take the branches (and create the lambdas) that a real command does.
      Settings settings =
          new Settings(
              Map.of("AIM_HOME", home.toString(), "AIM_GPU_MODEL", "MI300X", "AIM_GPU_COUNT", "8"),
              home);
      List<List<String>> runs = new java.util.ArrayList<>(kind.commands());
      if (kind == Kind.CONTAINER) {
        LaunchTraining.run(settings); // launch's store, lease and readiness path (no engine)
        LaunchTraining.containerLaunchAndStop(Files.createDirectories(home.resolve("container")));
      } else if (kind.launches()) {
        LaunchTraining.run(settings); // launch's store, lease and readiness path (no engine)
        LaunchTraining.launchAndStop(Files.createDirectories(home.resolve("launch")));
        if (kind == Kind.LAUNCH) {
          runs.addAll(LAUNCH);
        } else {
          LaunchTraining.containerLaunchAndStop(Files.createDirectories(home.resolve("container")));
          runs.addAll(LaunchTraining.AFTER);
        }
      }
      if (kind == Kind.PLAN) {
        App app = new App(settings);
        app.store();
        app.close();
      }
      if (kind.plansOutsideTheCatalog()) {
        // A model outside the catalog, from its config.json: the path Hub facts and the model
        // cache take (JSON reading, JsonTree), which the catalog's plans no longer load.
        Path model = Files.createDirectories(home.resolve("local-model"));
        Files.writeString(model.resolve("config.json"), LOCAL_CONFIG);
        runs.add(List.of("plan", model.toString(), "--gpu", "MI300X", "--gpu-count", "1"));
      }
      for (List<String> c : runs) {
        StringWriter sink = new StringWriter();
        Main.run(settings, new PrintWriter(sink), new PrintWriter(sink), c.toArray(String[]::new));
      }
      if (kind.plans()) {
        planWithAContainerEngineAnswering(home);
      }
      if (kind.plansOutsideTheCatalog()) {
        // A Hub id outside the catalog, offline: the model cache's lookup (HubFacts, the Hub
        // client's settings), which a plan of such a model takes first, online or not. Its facts
        // then come from the size in the name.
        StringWriter sink = new StringWriter();
        Main.run(
            new Settings(Map.of("AIM_HOME", home.toString(), "HF_HUB_OFFLINE", "1"), home),
            new PrintWriter(sink),
            new PrintWriter(sink),
            "plan",
            "acme/Widget-7B-Instruct",
            "--gpu",
            "MI300X",
            "--gpu-count",
            "1");
      }
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (UncheckedIOException e) {
        // a leftover temp directory is harmless
      }
    }
    if (Main.onlyThisThreadKeepsTheJvmAlive()) {
      // As Main: returning ends the JVM (and writes the cache) without Runtime.exit's logging,
      // whose ~25 System.Logger classes the cache would otherwise keep for every command.
      return;
    }
    System.exit(0);
  }

  /**
   * A new directory for the throw-away AIM_HOME. Not {@link Files#createTempDirectory}: its random
   * name comes from SecureRandom, and the ~50 classes of the JDK's security provider it loads would
   * be kept in the cache for every command, though no command uses them.
   */
  private static Path trainingHome() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; ; i++) {
      try {
        return Files.createDirectory(
            tmp.resolve("aim-aot-training-" + System.nanoTime() + "-" + i));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another training run at the same nanosecond: the next name
      }
    }
  }
}
