package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.CatalogValidator;
import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.catalog.RecipeValidator;
import io.aimengine.core.config.Settings;
import io.aimengine.core.engine.EngineImages;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuOverride;
import io.aimengine.core.hardware.HardwareDetector;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.model.Gguf;
import io.aimengine.core.model.ModelIds;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.plan.Planner;
import io.aimengine.runtime.cache.CacheUsage;
import io.aimengine.runtime.cache.HubClient;
import io.aimengine.runtime.cache.HubFacts;
import io.aimengine.runtime.cache.ModelCache;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.RepoNotFound;
import io.aimengine.runtime.container.ContainerEngine;
import io.aimengine.runtime.container.ContainerRuntime;
import io.aimengine.runtime.container.PullPolicy;
import io.aimengine.runtime.container.SocketPing;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.endpoint.EngineCommands;
import io.aimengine.runtime.endpoint.EngineEnvironment;
import io.aimengine.runtime.endpoint.ProcessEngines;
import io.aimengine.runtime.endpoint.ProcessReality;
import io.aimengine.runtime.endpoint.RuntimeChoice;
import io.aimengine.runtime.endpoint.Runtimes;
import io.aimengine.runtime.health.HttpProbe;
import io.aimengine.runtime.health.Liveness;
import io.aimengine.runtime.health.Readiness;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.process.ProcessTable;
import io.aimengine.runtime.store.EndpointStore;
import io.aimengine.runtime.store.StoreCacheUsage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The one place that builds the object graph. Commands get what they need from here, lazily, so a
 * command that needs no catalog never reads one.
 */
public final class App {
  private final Settings settings;
  private Catalog catalog;
  private Endpoints endpoints;
  private EndpointStore store;
  private Runtimes runtimes;
  private final Object containerLock = new Object();
  // guarded by containerLock
  private java.util.concurrent.FutureTask<Optional<ContainerEngine>> containerEngine;
  // guarded by containerLock: the answer to the Unix sockets' ping, asked once per command
  private java.util.concurrent.FutureTask<Optional<String>> pinged;
  private PullPolicy pullPolicy = PullPolicy.MISSING;
  private final Object hardwareLock = new Object();
  private HardwareDetector hardware; // guarded by hardwareLock
  private java.util.concurrent.FutureTask<Inventory> detection; // guarded by hardwareLock
  private ModelCache modelCache;
  private boolean verbose;
  private boolean noColor;
  private Colour colour;

  public App(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public GpuCatalog gpus() {
    return GpuCatalog.builtIn();
  }

  public synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = FileCatalog.standard(settings);
    }
    return catalog;
  }

  /** Validates catalog files; model lookups go to {@link #catalog()}. */
  public CatalogValidator catalogValidator() {
    return new CatalogValidator(gpus(), catalog());
  }

  /** Validates single recipes against the flag schemas, GPU table and {@link #catalog()}. */
  public RecipeValidator recipeValidator() {
    return new RecipeValidator(gpus(), catalog()::model);
  }

  /** Facts for models: catalog model files, local directories, the model cache. */
  public ModelFactsResolver factsResolver() {
    return factsResolver(PlanRequest.DEFAULT_REVISION);
  }

  /** Facts for models at a Hub revision (branch, tag or commit), cached per revision. */
  public ModelFactsResolver factsResolver(String revision) {
    return new ModelFactsResolver(catalog())
        .withSnapshots(id -> modelCache().snapshotFor(id, revision))
        .withRemote(hubFacts(revision))
        .withFileReader(
            new ModelFactsResolver.FileReader() {
              @Override
              public boolean accepts(java.nio.file.Path file) {
                return Gguf.isGguf(file);
              }

              @Override
              public io.aimengine.core.model.ModelFacts read(java.nio.file.Path file) {
                return Gguf.facts(file);
              }
            });
  }

  /**
   * Facts for models outside the catalog ({@link HubFacts}): the model API's listing and parameter
   * counts and config.json, in one round trip, into the model cache (metadata only); only the cache
   * under HF_HUB_OFFLINE. Each lookup uses a metadata client (one attempt per request, so an
   * unreachable Hub costs a plan one timeout). An id the Hub does not know is not found (exit 3),
   * with the closest catalogued or cached ids.
   */
  ModelFactsResolver.Remote hubFacts() {
    return hubFacts(PlanRequest.DEFAULT_REVISION);
  }

  ModelFactsResolver.Remote hubFacts(String revision) {
    boolean offline = settings.hfOffline();
    return new ModelFactsResolver.Remote() {
      @Override
      public boolean online() {
        return !offline;
      }

      @Override
      public ModelFactsResolver.Fetched snapshot(String modelId, boolean needListing) {
        try {
          HubClient client = HubClient.createForMetadata(settings);
          HubFacts.Found f =
              new HubFacts(ModelCache.create(settings, cacheUsage(), client), client, offline)
                  .lookup(modelId, revision, needListing);
          return new ModelFactsResolver.Fetched(
              f.dir(),
              f.repo(),
              f.counts(),
              f.dir().isPresent()
                  ? null
                  : offline
                      ? "offline and not in the model cache"
                      : "the Hub repo has no config.json");
        } catch (HubFacts.Unreachable e) {
          return ModelFactsResolver.Fetched.none("the Hub could not be asked: " + e.getMessage());
        } catch (RepoNotFound e) {
          List<String> known = new java.util.ArrayList<>();
          for (var m : catalog().models()) {
            known.add(m.id());
            known.addAll(m.variants());
          }
          modelCache().list().forEach(c -> known.add(c.repo().repo().id()));
          List<String> close = ModelIds.closest(modelId, known);
          throw AimException.notFound(
              e.getMessage()
                  + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?"));
        }
      }
    };
  }

  /** The model cache at {@link Settings#hubCacheDir()}; the Hub is only contacted by pulls. */
  public synchronized ModelCache modelCache() {
    if (modelCache == null) {
      modelCache = ModelCache.create(settings, cacheUsage());
    }
    return modelCache;
  }

  /**
   * Which endpoints use which cached models, and when they last did: the endpoint store, opened
   * only when a cache command asks and only when one exists (a cache command creates none).
   */
  public CacheUsage cacheUsage() {
    return new StoreCacheUsage(
        () ->
            store == null && !Files.exists(settings.aimHome().resolve("state.db"))
                ? List.of()
                : store().list(),
        Clock.systemUTC());
  }

  /** A progress bar on {@code err} when it is a terminal, else silence. */
  public PullProgress progress(PrintWriter err, String verb) {
    return ProgressBar.interactive() ? new ProgressBar(err, verb) : PullProgress.NONE;
  }

  /** The GPU detector: tools on PATH, files under AIM_SYSFS_ROOT, AIM_DETECT_TIMEOUT_MS. */
  public HardwareDetector hardware() {
    synchronized (hardwareLock) {
      if (hardware == null) {
        hardware = HardwareDetector.forSettings(settings);
      }
      return hardware;
    }
  }

  /**
   * This host's inventory, detected once per command; AIM_GPU_MODEL / AIM_GPU_COUNT and the
   * visibility masks honoured (docs/operations.md, "GPU detection"). Detected here, or awaited when
   * {@link #detectAhead} started it.
   */
  public Inventory inventory() {
    java.util.concurrent.FutureTask<Inventory> f;
    synchronized (hardwareLock) {
      if (detection == null) {
        detection = new java.util.concurrent.FutureTask<>(this::detectHost);
      }
      f = detection;
    }
    return io.aimengine.core.Once.await(f, "GPU detection was interrupted");
  }

  private Inventory detectHost() {
    return hardware().detect(settings, Optional.empty());
  }

  /**
   * Starts detecting this host's hardware on a background thread, for a command that will plan for
   * this host ({@code launch}, {@code serve}): the tools and sysfs reads overlap with opening the
   * state database and reading the leases. {@link #inventory()} awaits it and rethrows what it
   * threw. A daemon thread: a command that fails before planning does not wait for it.
   */
  void detectAhead() {
    java.util.concurrent.FutureTask<Inventory> f;
    synchronized (hardwareLock) {
      if (detection != null) {
        return;
      }
      f = detection = new java.util.concurrent.FutureTask<>(this::detectHost);
    }
    Thread t = new Thread(f, "aim-detect");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The hardware to plan for: --gpu/--gpu-count (no detection), else AIM_GPU_MODEL/AIM_GPU_COUNT,
   * else detection.
   */
  public Inventory inventory(PlanOptions.HardwareOverride override) {
    return override == null
        ? inventory()
        : hardware().detect(settings, GpuOverride.flags(override.gpu(), override.count()));
  }

  /**
   * Device indices held by endpoints this host runs. Without a state database nothing runs, and
   * none is created (a dry run changes nothing).
   */
  public Set<Integer> gpusInUse() {
    return gpuHolders().keySet();
  }

  /**
   * The NVIDIA MIG instances among {@code inventory}'s devices: device index → {@code MIG-…} id.
   */
  private static java.util.Map<Integer, String> migInstances(Inventory inventory) {
    java.util.Map<Integer, String> slices = new java.util.HashMap<>();
    for (io.aimengine.core.hardware.GpuDevice d : inventory.gpus()) {
      if (d.isMigInstance()) {
        slices.put(d.index(), d.uniqueId());
      }
    }
    return slices;
  }

  /** Which endpoint holds each device index; empty (and no database created) when none runs. */
  public java.util.Map<Integer, String> gpuHolders() {
    if (store == null && !java.nio.file.Files.exists(settings.aimHome().resolve("state.db"))) {
      return java.util.Map.of();
    }
    return store().gpuHolders();
  }

  /** When the container runtime pulls images (--pull); set before the first launch. */
  public synchronized void pullPolicy(PullPolicy p) {
    this.pullPolicy = p;
  }

  /** The runtimes of this host (after {@link #store()}). */
  public synchronized Runtimes runtimes() {
    store();
    return runtimes;
  }

  /**
   * Which runtime a launch of {@code engine} uses: {@code requested} (--runtime), else AIM_RUNTIME,
   * else auto.
   */
  public RuntimeChoice runtimeChoice(String requested, EngineKind engine) {
    String key = requested + " " + engine;
    synchronized (runtimeChoices) {
      RuntimeChoice known = runtimeChoices.get(key);
      if (known != null) {
        return known;
      }
    }
    String flag = requested != null ? "--runtime" : "AIM_RUNTIME";
    String r = requested != null ? requested : settings.runtime().orElse("auto");
    EngineCommands commands = new EngineCommands(settings, defaultLlamaServerJar());
    RuntimeChoice choice =
        RuntimeChoice.choose(
            r,
            flag,
            engine,
            commands.installed(engine),
            this::containerHost,
            settings.dockerHosts());
    synchronized (runtimeChoices) {
      runtimeChoices.putIfAbsent(key, choice);
    }
    return choice;
  }

  /**
   * The runtime chosen per request and engine, once per command: a plan asks three times (the
   * version to fit its flags to, the version the plan confirms, the runtime it names), and each
   * answer searches PATH for the engine and asks the container socket.
   */
  private final java.util.Map<String, RuntimeChoice> runtimeChoices = new java.util.HashMap<>();

  /** How long a Unix socket may take to answer the ping that chooses the runtime. */
  private static final java.time.Duration PING_TIMEOUT = java.time.Duration.ofSeconds(3);

  /**
   * The Docker API endpoint that answers, for choosing a runtime: the client's when one is open;
   * else, for Unix sockets, a bare {@code GET /_ping} on each ({@link SocketPing}: {@code plan}
   * opens no docker-java client, ~0.3 s); else (TCP endpoints) the client's ping.
   */
  private Optional<String> containerHost() {
    boolean opened;
    synchronized (containerLock) {
      opened = containerEngine != null;
    }
    if (opened) {
      return containerEngine().map(ContainerEngine::host);
    }
    List<String> hosts = settings.dockerHosts();
    if (!SocketPing.handles(hosts)) {
      return containerEngine().map(ContainerEngine::host);
    }
    java.util.concurrent.FutureTask<Optional<String>> f;
    synchronized (containerLock) {
      if (pinged == null) {
        pinged =
            new java.util.concurrent.FutureTask<>(
                () -> SocketPing.firstAnswering(hosts, PING_TIMEOUT));
      }
      f = pinged;
    }
    return io.aimengine.core.Once.await(f, "interrupted while pinging the container engine");
  }

  /**
   * Asks the container engine's sockets now, for a thread preparing a plan while its arguments are
   * parsed: a plan says which runtime a launch would use (and fits the flags to that runtime's
   * release), and Podman takes ~20-50 ms to answer. The answer is kept for the command.
   */
  void pingContainerEngineAhead() {
    boolean opened;
    synchronized (containerLock) {
      opened = containerEngine != null;
    }
    if (!opened && SocketPing.handles(settings.dockerHosts())) {
      containerHost();
    }
  }

  /**
   * The container engine that answers, asked once per command (a ping per socket tried); opened
   * here, or awaited when {@link #containerEngineAhead} started opening it.
   */
  private Optional<ContainerEngine> containerEngine() {
    java.util.concurrent.FutureTask<Optional<ContainerEngine>> f;
    synchronized (containerLock) {
      if (containerEngine == null) {
        containerEngine =
            new java.util.concurrent.FutureTask<>(() -> ContainerEngine.find(settings));
      }
      f = containerEngine;
    }
    return io.aimengine.core.Once.await(f, "interrupted while asking the container engine");
  }

  /**
   * Starts opening the container engine's client (docker-java's configuration and transport, the
   * ping, then the JSON mapping of the image look-up and the create: ContainerRequest.warmUp) on a
   * background thread when {@code requested} (--runtime; null: AIM_RUNTIME) is {@code container},
   * for a launch: it overlaps with planning and opening the state database instead of following
   * them (~0.2 s of CPU on the main thread). A daemon thread; {@link #close} waits for it, so no
   * client is opened after the command ended.
   */
  void containerEngineAhead(String requested) {
    String r = requested != null ? requested : settings.runtime().orElse("auto");
    if (!r.equals("container")) {
      return;
    }
    java.util.concurrent.FutureTask<Optional<ContainerEngine>> f;
    synchronized (containerLock) {
      if (containerEngine != null) {
        return;
      }
      f =
          containerEngine =
              new java.util.concurrent.FutureTask<>(
                  () -> {
                    Optional<ContainerEngine> found = ContainerEngine.find(settings);
                    // A launch looks its image up and creates its container once planned.
                    found.ifPresent(io.aimengine.runtime.container.ContainerRequest::warmUp);
                    return found;
                  });
    }
    Thread t = new Thread(f, "aim-container-engine");
    t.setDaemon(true);
    t.start();
  }

  /** The endpoint lifecycle service (opens the state database on first use). */
  public synchronized Endpoints endpoints() {
    if (endpoints == null) {
      EndpointStore store = store();
      HttpProbe http = new HttpProbe();
      endpoints =
          new Endpoints(
              store,
              runtimes,
              new Readiness(http),
              new Liveness(http),
              new EngineCommands(settings, defaultLlamaServerJar()),
              new EngineEnvironment(settings.environment(), settings.engineEnvNames()));
    }
    return endpoints;
  }

  /**
   * The state database, its rows checked against this host's runtimes (opened on first use). Apart
   * from {@link #endpoints()}: a plan reads which GPUs are held without building the lifecycle's
   * HTTP client and readiness checks.
   */
  public synchronized EndpointStore store() {
    if (store == null) {
      ProcessRuntime runtime = new ProcessRuntime(settings.environment(), ProcessTable.system());
      ProcessReality reality = new ProcessReality(runtime, settings.runDir());
      ProcessEngines process = new ProcessEngines(runtime, reality);
      Runtimes runtimes =
          new Runtimes(process)
              .with(
                  "container",
                  () ->
                      new ContainerRuntime(
                          containerEngine().orElseGet(() -> ContainerEngine.require(settings)),
                          runtime,
                          reality,
                          settings.runDir(),
                          pullPolicy));
      this.runtimes = runtimes;
      store = EndpointStore.open(settings.aimHome(), runtimes, Clock.systemUTC());
    }
    return store;
  }

  /**
   * aim-llama-server.jar when AIM_LLAMA_SERVER_JAR is unset: beside the CLI jar (an installed
   * layout), else the build output of a source checkout the CLI runs from.
   */
  static Path defaultLlamaServerJar() {
    return LlamaServerJar.DEFAULT;
  }

  /** Found once per process: where the CLI's jar is does not change while it runs. */
  private static final class LlamaServerJar {
    static final Path DEFAULT = locate();
  }

  private static Path locate() {
    try {
      Path here =
          Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath();
      Path dir = Files.isDirectory(here) ? here : here.getParent();
      for (Path p = dir;
          p != null && dir.getNameCount() - p.getNameCount() <= 4;
          p = p.getParent()) {
        for (Path c :
            List.of(
                p.resolve("aim-llama-server.jar"),
                p.resolve("llama-server/target/aim-llama-server.jar"))) {
          if (Files.isRegularFile(c)) {
            return c;
          }
        }
      }
      return dir.resolve("aim-llama-server.jar");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Closes what commands opened (the state database), after a detection started ahead has ended (a
   * command that failed before planning leaves no detection tool running behind it).
   */
  public synchronized void close() {
    java.util.concurrent.FutureTask<Inventory> f;
    synchronized (hardwareLock) {
      f = detection;
    }
    io.aimengine.core.Once.awaitEnd(f); // a failure was reported by inventory(), where needed
    java.util.concurrent.FutureTask<Optional<ContainerEngine>> c;
    synchronized (containerLock) {
      c = containerEngine;
    }
    io.aimengine.core.Once.awaitEnd(c); // likewise by containerEngine()
    if (store != null) {
      store.close();
    }
  }

  /**
   * Plans for the runtime that would run it ({@code runtime}: --runtime, null for AIM_RUNTIME or
   * auto). Without --engine-version the flags are fitted, when the engine is installed here
   * (runtime process), to the installed release ({@link EngineCommands#installedVersion}; the flag
   * table's newest when it cannot be told), else to the engine version inside the catalog's pinned
   * image for the plan's engine and GPU vendor: the image the plan names is the one whose flags
   * were checked.
   */
  public Plan plan(PlanRequest request, PlanOptions.HardwareOverride hardware, String runtime) {
    return plan(request, hardware, runtime, false);
  }

  /**
   * Like {@link #plan(PlanRequest, PlanOptions.HardwareOverride, String)}; with {@code
   * otherMachine} the hardware override describes a machine other than this host ({@code plan
   * --gpu/--gpu-count}): its GPUs are all free, so this host's endpoint store is never opened.
   */
  public Plan plan(
      PlanRequest request,
      PlanOptions.HardwareOverride hardware,
      String runtime,
      boolean otherMachine) {
    Set<Integer> inUse = otherMachine && hardware != null ? Set.of() : null;
    if (request.engineVersion() != null) {
      return planWith(request, hardware, inUse);
    }
    Host host = host(hardware, inUse);
    // The release the flags will be fitted to depends only on the engine and the GPUs' vendor:
    // guessed from the request and the hardware, the usual plan is planned once, at that release,
    // and kept when the plan confirms the guess (its engine and vendor give the same release).
    String guess = guessedVersion(runtime, request, host.inventory());
    if (guess != null) {
      try {
        Plan g = planOn(host, atVersion(request, guess, request.argOverrides()));
        if (guess.equals(fittedVersion(runtime, g))) {
          return g;
        }
      } catch (AimException e) {
        // not the engine or vendor guessed, or nothing fits: the passes below decide and report
      }
    }
    Plan p;
    try {
      p = planOn(host, request);
    } catch (AimException e) {
      // The first pass checks --arg against the flag table's newest release; one it dropped may
      // be valid in the release the plan is fitted to. Learn that release without the overrides,
      // then check them against it (an override invalid there too fails there, in one line).
      if (e.exitCode() != ExitCode.INVALID_INPUT || request.argOverrides().isEmpty()) {
        throw e;
      }
      Plan bare = planOn(host, atVersion(request, null, java.util.Map.of()));
      String version = fittedVersion(runtime, bare);
      if (version == null || version.equals(bare.engineVersion())) {
        throw e;
      }
      return planOn(host, atVersion(request, version, request.argOverrides()));
    }
    String version = fittedVersion(runtime, p);
    if (version == null || version.equals(p.engineVersion())) {
      return p;
    }
    return planOn(host, atVersion(request, version, request.argOverrides()));
  }

  /**
   * The release a plan of {@code request} on {@code inventory} will most likely be fitted to: that
   * of the engine asked for (vLLM unless --backend names another; none guessed for a GGUF model,
   * which llama.cpp serves) on the vendor of the first GPU; null when there is no guess.
   */
  private String guessedVersion(String runtime, PlanRequest request, Inventory inventory) {
    String model = request.model();
    if (inventory.gpus().isEmpty() || io.aimengine.core.model.ModelIds.namesGguf(model)) {
      return null;
    }
    io.aimengine.core.engine.EngineKind engine =
        request.engine() != null ? request.engine() : io.aimengine.core.engine.EngineKind.VLLM;
    if (engine == io.aimengine.core.engine.EngineKind.LLAMACPP) {
      return null;
    }
    return fittedVersion(runtime, engine, inventory.gpus().get(0).vendor());
  }

  /**
   * The engine release a plan's flags are fitted to: the installed one for a process, else the one
   * in the catalog's pinned image; null when it cannot be told (the flag table's newest then).
   */
  private String fittedVersion(String runtime, Plan p) {
    return fittedVersion(runtime, p.engine(), io.aimengine.core.engine.Devices.vendor(p));
  }

  /** {@link #fittedVersion(String, Plan)} for a plan of {@code engine} on {@code vendor}'s GPUs. */
  private String fittedVersion(
      String runtime,
      io.aimengine.core.engine.EngineKind engine,
      io.aimengine.core.hardware.GpuVendor vendor) {
    return "process".equals(runtimeChoice(runtime, engine).runtime())
        ? new EngineCommands(settings, defaultLlamaServerJar())
            .installedVersion(engine)
            .orElse(null)
        : EngineImages.builtIn()
            .defaultFor(engine, vendor)
            .map(EngineImages.Pinned::engineVersion)
            .filter(v -> EngineVersion.find(v).isPresent())
            .orElse(null);
  }

  private static PlanRequest atVersion(
      PlanRequest r, String version, java.util.Map<String, Object> overrides) {
    return new PlanRequest(
        r.model(),
        r.gpuCount(),
        r.precision(),
        r.engine(),
        r.metric(),
        r.recipeId(),
        overrides,
        version,
        r.revision());
  }

  /** Plans a request against the hardware, the catalog and what endpoints already hold. */
  public Plan plan(PlanRequest request, PlanOptions.HardwareOverride hardware) {
    return planWith(request, hardware, null);
  }

  /** Plans with {@code inUse} as the GPUs held, or this host's ({@link #gpusInUse}) when null. */
  private Plan planWith(
      PlanRequest request, PlanOptions.HardwareOverride hardware, Set<Integer> inUse) {
    return planOn(host(hardware, inUse), request);
  }

  /** The hardware a plan is made on and the GPUs already held there. */
  private record Host(Inventory inventory, Set<Integer> held) {}

  /** {@code inUse} as the GPUs held, or this host's ({@link #gpusInUse}) when null. */
  private Host host(PlanOptions.HardwareOverride hardware, Set<Integer> inUse) {
    // The GPUs held first: when detection runs ahead (detectAhead), the store opens meanwhile.
    Set<Integer> held = inUse != null ? inUse : gpusInUse();
    Inventory inventory = inventory(hardware);
    if (inUse == null && !held.isEmpty()) {
      java.util.Map<Integer, String> slices = migInstances(inventory);
      if (!slices.isEmpty()) {
        // A GPU visible here as one MIG instance is free while its holders hold others of it.
        held = store().gpusInUse(slices);
      }
    }
    return new Host(inventory, held);
  }

  private Plan planOn(Host host, PlanRequest request) {
    return new Planner(gpus())
        .plan(
            request,
            host.inventory(),
            host.held(),
            catalog(),
            factsResolver(request.revisionOrMain())
                .resolve(
                    request.model(),
                    request.engine() == io.aimengine.core.engine.EngineKind.LLAMACPP));
  }

  /**
   * Launch options from settings: the engine reads the model cache in place (HF_HOME, a read-only
   * volume for containers) and never the network — launch pulls what is missing beforehand.
   */
  public LaunchOptions launchOptions() {
    // Render nodes of the GPUs this command detected (none detected: containers get /dev/dri).
    Inventory detected = null;
    synchronized (hardwareLock) {
      if (detection != null && detection.state() == java.util.concurrent.Future.State.SUCCESS) {
        detected = detection.resultNow();
      }
    }
    return LaunchOptions.defaults()
        .withCache(settings.cacheDir(), true)
        .withRenderNodes(
            detected == null
                ? java.util.Map.of()
                : io.aimengine.core.hardware.RenderNodes.of(
                    detected.gpus(),
                    new io.aimengine.core.hardware.SysfsRoot(settings.sysfsRoot())));
  }

  void verbose(boolean v) {
    this.verbose = v;
  }

  /** --no-color: set while the command line is parsed, before anything is printed. */
  synchronized void noColor(boolean v) {
    this.noColor = v;
    this.colour = null;
  }

  /**
   * Colour for this command's output: on a terminal, unless NO_COLOR, TERM=dumb or --no-color;
   * FORCE_COLOR forces it on ({@link Colour#decide}).
   */
  synchronized Colour colour() {
    if (colour == null) {
      colour = Colour.decide(settings, ProgressBar.interactive(), noColor);
    }
    return colour;
  }

  /** The configured picocli command line: factory, exit codes, error handlers. */
  public CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for running {@code args}. Building a command's model is picocli reflection
   * over its class, tens of milliseconds each, so only what the run needs is built: the named
   * subcommand; none for {@code --version}; all of them for usage, a typo (so suggestions are
   * complete) and the commands that describe the whole tree ({@link AimCommand#NEEDS_ALL}).
   */
  public CommandLine commandLine(String... args) {
    return configure(commandLineFromAnnotations(args), args);
  }

  /**
   * The command line for running {@code args} quickly: for {@code plan}, {@code launch}, {@code
   * serve} and {@code --version}, the model built without reflection ({@link PlanCommandLine},
   * {@link LaunchCommandLine}), whose {@code execute} returns {@link PlanCommandLine#FALL_BACK} for
   * anything it does not parse (help, typos, bad values), having run nothing; then {@link
   * #commandLine(String...)} answers. Otherwise {@link #commandLine(String...)}.
   */
  CommandLine quickCommandLine(String... args) {
    boolean version = PlanCommandLine.coversVersion(args);
    String launch = LaunchCommandLine.covers(args);
    if (!version && !PlanCommandLine.covers(args) && launch == null) {
      return commandLine(args);
    }
    CommandLine cl =
        configure(
            version
                ? PlanCommandLine.version(this, new Factory(this))
                : launch != null
                    ? LaunchCommandLine.create(this, new Factory(this), launch)
                    : PlanCommandLine.create(this, new Factory(this), args),
            args);
    cl.setParameterExceptionHandler((e, a) -> PlanCommandLine.FALL_BACK);
    return cl;
  }

  private CommandLine commandLineFromAnnotations(String... args) {
    Factory factory = new Factory(this);
    CommandLine cl = new CommandLine(new AimCommand(this), factory);
    String sub = null;
    boolean version = false;
    for (String a : args) {
      if (!a.startsWith("-")) {
        sub = a;
        break;
      }
      version |= a.equals("-V") || a.equals("--version");
    }
    String named = sub == null ? null : AimCommand.named(sub);
    if (named != null && !AimCommand.NEEDS_ALL.contains(named)) {
      cl.addSubcommand(named, new CommandLine(AimCommand.subcommands().get(named), factory));
    } else if (sub != null || !version) {
      AimCommand.subcommands()
          .forEach((name, cls) -> cl.addSubcommand(name, new CommandLine(cls, factory)));
    }
    return cl;
  }

  /** Colours, exit codes and error handlers, the same for both models. */
  private CommandLine configure(CommandLine cl, String... args) {
    if (java.util.Arrays.asList(args).contains("--no-color")) {
      // Help text: picocli's own AUTO already honours NO_COLOR and pipes; the flag is ours.
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(this::onException);
    cl.setParameterExceptionHandler(this::onBadParameters);
    return cl;
  }

  private int onException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (wantsJson(parsed)) {
      if (cl.getCommandName().equals("serve")) {
        Json.line(cl.getOut(), ErrorView.event(e)); // serve --json prints JSON lines
      } else {
        Json.print(cl.getOut(), ErrorView.of(e));
      }
    }
    if (e instanceof AimException a) {
      err.println(colour().error("aim-engine: " + a.getMessage()));
      if (verbose) {
        a.printStackTrace(err);
      }
      err.flush();
      return a.exitCode().code();
    }
    err.println(
        colour()
            .error(
                "aim-engine: internal error: "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
                    + (verbose ? "" : " (run with --verbose for details)")));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  private int onBadParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = firstLine(e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    }
    if (java.util.Arrays.asList(args).contains("--json")) {
      Json.print(cl.getOut(), ErrorView.invalid(message));
    }
    err.println(
        colour()
            .error(
                "aim-engine: "
                    + message
                    + "; see '"
                    + cl.getCommandSpec().qualifiedName()
                    + " --help'"));
    err.flush();
    return ExitCode.INVALID_INPUT.code();
  }

  /** True when the command that failed was asked for --json: its stdout is one JSON object. */
  private static boolean wantsJson(CommandLine.ParseResult parsed) {
    if (parsed == null) {
      return false;
    }
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last.hasMatchedOption("--json");
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Creates command objects, handing each the App when its constructor takes one. */
  private record Factory(App app) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(App.class).newInstance(app);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
