package io.aimengine.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * The single record of what runs on this host: SQLite at {@code AIM_HOME/state.db}, WAL mode, a
 * versioned schema migrated forward on open. Reservations (name, port, GPUs) run in one {@code
 * BEGIN IMMEDIATE} transaction, so two CLI processes racing for the same GPUs or port cannot both
 * win. Reads reconcile with reality first: an active row whose process is gone becomes {@code
 * exited} (with the exit code when the monitor recorded it).
 *
 * <p>A file that is not an AIM Engine state database (corrupt, foreign, or newer) is reported with
 * its path and left untouched: the store never recreates a database over user data. One instance is
 * one connection; methods are synchronized. Use one instance per thread for concurrency.
 */
public final class EndpointStore implements AutoCloseable {
  static final int SCHEMA_VERSION = 3;

  /**
   * The argv columns' JSON, created on first use: opening the store to read which GPUs are held
   * (every plan) then loads no Jackson (~400 classes).
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static final int PORT_SEARCH = 100;

  /** Migration i brings the schema from version i to i + 1. */
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              """
              CREATE TABLE endpoints (
                name TEXT PRIMARY KEY,
                model TEXT NOT NULL,
                served_model TEXT,
                recipe_id TEXT,
                plan_json TEXT,
                engine TEXT NOT NULL,
                runtime TEXT NOT NULL,
                state TEXT NOT NULL,
                host TEXT NOT NULL,
                port INTEGER NOT NULL,
                gpus TEXT NOT NULL,
                gpu_model TEXT,
                pid INTEGER NOT NULL DEFAULT 0,
                pid_start INTEGER NOT NULL DEFAULT 0,
                launcher_pid INTEGER NOT NULL DEFAULT 0,
                launcher_start INTEGER NOT NULL DEFAULT 0,
                exit_code INTEGER,
                log_path TEXT NOT NULL,
                argv_json TEXT NOT NULL DEFAULT '[]',
                health_path TEXT,
                restart_policy TEXT NOT NULL DEFAULT 'no',
                restarts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                ready_at INTEGER,
                ended_at INTEGER,
                last_error TEXT)""",
              """
              CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                endpoint TEXT NOT NULL,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT)""",
              "CREATE INDEX events_endpoint ON events(endpoint, id)"),
          // 2: endpoints run in containers record the container id.
          List.of("ALTER TABLE endpoints ADD COLUMN container_id TEXT"),
          // 3: NVIDIA MIG instances held, so two endpoints can share a GPU on different ones.
          List.of("ALTER TABLE endpoints ADD COLUMN gpu_slices TEXT NOT NULL DEFAULT ''"));

  private final Path file;
  private final Path logDir;
  private final Connection db;
  private final Reality reality;
  private final Clock clock;
  private final Path aimHome;

  /** Why this store cannot write (read-only, disk full), null while it can. */
  private String notWritable;

  private EndpointStore(Path file, Path logDir, Connection db, Reality reality, Clock clock) {
    this.aimHome = file.getParent();
    this.file = file;
    this.logDir = logDir;
    this.db = db;
    this.reality = reality;
    this.clock = clock;
  }

  /**
   * Opens (creating when absent) the store under {@code aimHome}: {@code state.db} and {@code
   * logs/}.
   *
   * @throws AimException (unexpected state, exit 3) naming the file when it is not a usable AIM
   *     Engine state database
   */
  public static EndpointStore open(Path aimHome, Reality reality, Clock clock) {
    Path file = aimHome.resolve("state.db");
    try {
      Files.createDirectories(aimHome);
    } catch (IOException e) {
      throw AimException.failure("cannot create AIM_HOME " + aimHome + ": " + e.getMessage());
    }
    SqliteNative.prepare(aimHome);
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(15_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    long deadline = System.nanoTime() + BUSY_NANOS;
    for (int attempt = 1; ; attempt++) {
      boolean existed = Files.exists(file);
      Connection c = null;
      try {
        c = config.createConnection("jdbc:sqlite:" + file);
        EndpointStore s = new EndpointStore(file, aimHome.resolve("logs"), c, reality, clock);
        s.migrate(existed);
        return s;
      } catch (SQLException e) {
        closeQuietly(c);
        if (busy(e) && System.nanoTime() < deadline) {
          // Opened while another process creates the database or switches it to WAL: SQLite
          // answers busy at once, without its busy handler, to a connection that holds a read lock
          // and needs to write. A new connection tries again (EndpointStoreIT, threads opening a
          // new store at once).
          pause(attempt);
          continue;
        }
        String why = StoreAccess.notWritable(aimHome, e);
        if (why != null && existed) {
          return openReadOnly(aimHome, file, reality, clock, why, e);
        }
        throw unusable(file, e);
      } catch (RuntimeException e) {
        closeQuietly(c);
        throw e;
      }
    }
  }

  /** How long opening waits for other processes: the busy timeout's 15 s. */
  private static final long BUSY_NANOS = 15_000_000_000L;

  private static boolean busy(SQLException e) {
    int code =
        e.getErrorCode() & 0xff; // primary code of an extended one (SQLITE_BUSY_RECOVERY, ...)
    return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** 5, 10, 20, 40 then 50 ms, and a random part so that the contenders spread out. */
  private static void pause(int attempt) {
    long ms =
        Math.min(50, 5L << Math.min(attempt - 1, 4))
            + java.util.concurrent.ThreadLocalRandom.current().nextInt(5);
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AimException.failure("interrupted while the state database was busy");
    }
  }

  /**
   * Reading (and stopping) without write access: the database opened read-only; when SQLite cannot
   * even do that for a WAL database (no {@code -shm} can be made), as an immutable file (the last
   * writer closed cleanly, so the main file holds every row). Rows are reconciled in memory.
   */
  private static EndpointStore openReadOnly(
      Path aimHome, Path file, Reality reality, Clock clock, String why, SQLException first) {
    for (String uri :
        List.of(
            "jdbc:sqlite:file:" + file + "?mode=ro", "jdbc:sqlite:file:" + file + "?immutable=1")) {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(15_000);
      config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
      Connection c = null;
      try {
        c = config.createConnection(uri);
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
          if (!rs.next() || rs.getInt(1) != SCHEMA_VERSION) {
            throw unusable(file, first);
          }
        }
        EndpointStore s = new EndpointStore(file, aimHome.resolve("logs"), c, reality, clock);
        s.notWritable = why;
        return s;
      } catch (SQLException e) {
        closeQuietly(c);
      }
    }
    throw new AimException(
        ExitCode.FAILURE, file + " cannot be opened, not even to read: " + why, first);
  }

  /** Why this store cannot record changes ("read-only (...)", "disk full (...)"), if it cannot. */
  public synchronized Optional<String> notWritable() {
    return Optional.ofNullable(notWritable);
  }

  public Path file() {
    return file;
  }

  /** Where an endpoint's log goes. */
  public Path logFile(String name) {
    return logDir.resolve(name + ".log");
  }

  private void migrate(boolean existed) throws SQLException {
    try (Statement st = db.createStatement()) {
      // Reading the schema first: on a corrupt or foreign file this fails before anything is
      // written.
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (existed && !tables.isEmpty() && !tables.contains("schema_version")) {
        throw AimException.unexpectedState(
            file
                + " is an SQLite database but not AIM Engine's state (no schema_version table);"
                + " point AIM_HOME elsewhere or move the file aside");
      }
      st.execute("PRAGMA journal_mode=WAL");
      db.setAutoCommit(false);
      try {
        st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        int version = 0;
        try (ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
          if (rs.next()) {
            version = rs.getInt(1);
          }
        }
        if (version > SCHEMA_VERSION) {
          throw AimException.unexpectedState(
              file
                  + " has schema version "
                  + version
                  + ", newer than this aim-engine understands ("
                  + SCHEMA_VERSION
                  + "); upgrade aim-engine");
        }
        for (int v = version; v < SCHEMA_VERSION; v++) {
          for (String sql : MIGRATIONS.get(v)) {
            st.execute(sql);
          }
          st.execute("INSERT INTO schema_version(version) VALUES (" + (v + 1) + ")");
        }
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    }
  }

  /**
   * Holds a name, a port and GPUs for a new endpoint, atomically, and inserts its row in state
   * {@code starting}. Active rows are reconciled inside the same transaction, so resources held by
   * dead processes are free again.
   *
   * @throws AimException (unexpected state) when the GPUs, the explicit port or the explicit name
   *     are held by a live endpoint, or no port is free
   */
  public synchronized Endpoint reserve(Reservation r) {
    EndpointName.validate(r.baseName(), r.nameExplicit() ? "--name" : "endpoint name");
    if (notWritable != null) {
      throw AimException.failure(
          "cannot launch: " + file + " is " + notWritable + "; nothing was started");
    }
    return inTransaction(
        () -> {
          adopt();
          List<Endpoint> active =
              reconcile(all()).stream().filter(e -> e.state().active()).toList();
          Set<Integer> wanted = new TreeSet<>(r.gpus());
          for (Endpoint e : active) {
            Set<Integer> clash = new TreeSet<>(e.gpus());
            clash.retainAll(wanted);
            if (!clash.isEmpty() && !e.gpuSlices().isEmpty() && !r.gpuSlices().isEmpty()) {
              // Both on MIG instances: only the same instance clashes.
              List<String> same = new ArrayList<>(e.gpuSlices());
              same.retainAll(r.gpuSlices());
              if (same.isEmpty()) {
                continue;
              }
              throw AimException.unexpectedState(
                  "MIG instance "
                      + same.get(0)
                      + " of GPU "
                      + join(clash)
                      + " is held by endpoint "
                      + e.name()
                      + " ("
                      + e.state().label()
                      + "); stop it (aim-engine stop "
                      + e.name()
                      + ") or launch on another MIG instance");
            }
            if (!clash.isEmpty()) {
              throw AimException.unexpectedState(
                  "GPU"
                      + (clash.size() > 1 ? "s " : " ")
                      + join(clash)
                      + (clash.size() > 1 ? " are" : " is")
                      + " held by endpoint "
                      + e.name()
                      + " ("
                      + e.state().label()
                      + "); stop it (aim-engine stop "
                      + e.name()
                      + ") or launch on other GPUs");
            }
          }
          String name = chooseName(r, active);
          int port = choosePort(r, active);
          long now = clock.millis();
          exec("DELETE FROM endpoints WHERE name = ?", name);
          exec(
              "INSERT INTO endpoints(name, model, served_model, recipe_id, plan_json, engine,"
                  + " runtime, state, host, port, gpus, gpu_model, launcher_pid, launcher_start,"
                  + " log_path, health_path, restart_policy, created_at, updated_at, gpu_slices)"
                  + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              name,
              r.model(),
              r.servedModel(),
              r.recipeId(),
              r.planJson(),
              r.engine(),
              r.runtime(),
              EndpointState.STARTING.label(),
              r.host(),
              port,
              join(r.sortedGpus()),
              r.gpuModel(),
              r.launcherPid(),
              r.launcherStart(),
              logFile(name).toString(),
              r.healthPath(),
              r.restartPolicy(),
              now,
              now,
              String.join(",", r.gpuSlices()));
          event(
              name,
              "reserved",
              "port " + port + (wanted.isEmpty() ? "" : ", GPUs " + join(wanted)));
          return find(name).orElseThrow();
        });
  }

  private String chooseName(Reservation r, List<Endpoint> active) {
    Set<String> taken = active.stream().map(Endpoint::name).collect(Collectors.toSet());
    if (r.nameExplicit()) {
      if (taken.contains(r.baseName())) {
        throw AimException.unexpectedState(
            "an endpoint named "
                + r.baseName()
                + " is already running; stop it or choose another --name");
      }
      return r.baseName();
    }
    String name = r.baseName();
    for (int n = 2; taken.contains(name); n++) {
      name = r.baseName() + "-" + n;
    }
    return name;
  }

  private int choosePort(Reservation r, List<Endpoint> active) {
    for (int p = r.port(); p < r.port() + (r.portExplicit() ? 1 : PORT_SEARCH) && p < 65536; p++) {
      int port = p;
      Optional<Endpoint> holder = active.stream().filter(e -> e.port() == port).findFirst();
      if (holder.isPresent()) {
        if (r.portExplicit()) {
          throw AimException.unexpectedState(
              "port "
                  + port
                  + " is held by endpoint "
                  + holder.get().name()
                  + "; choose another --port");
        }
        continue;
      }
      if (!reality.portFree(r.host(), port)) {
        if (r.portExplicit()) {
          throw AimException.unexpectedState(
              "port "
                  + port
                  + " is in use by another process on "
                  + r.host()
                  + "; choose another --port");
        }
        continue;
      }
      return port;
    }
    throw AimException.unexpectedState(
        "no free port in " + r.port() + "-" + (r.port() + PORT_SEARCH - 1) + "; pass --port");
  }

  /** Records the started process: leader pid and start time, and the exact argv. */
  public synchronized void started(String name, long pid, long pidStart, List<String> argv) {
    update(
        "UPDATE endpoints SET pid = ?, pid_start = ?, argv_json = ?, updated_at = ? WHERE name = ?",
        pid,
        pidStart,
        json(argv),
        clock.millis(),
        name);
    event(name, "started", "pid " + pid);
  }

  /**
   * Records the container created for a starting endpoint, before it starts: a launcher that dies
   * after this leaves a row that names what to remove.
   */
  public synchronized void containerCreated(String name, String containerId) {
    update(
        "UPDATE endpoints SET container_id = ?, updated_at = ? WHERE name = ?",
        containerId,
        clock.millis(),
        name);
    event(name, "created", "container " + containerId);
  }

  /** starting → ready. */
  public synchronized void ready(String name, String detail) {
    long now = clock.millis();
    // One transaction, so one commit (and one fsync) between the smoke completion and "ready".
    inTransaction(
        () -> {
          update(
              "UPDATE endpoints SET state = 'ready', ready_at = ?, updated_at = ?,"
                  + " last_error = NULL WHERE name = ? AND state = 'starting'",
              now,
              now,
              name);
          event(name, "ready", detail);
          return null;
        });
  }

  /** Any state → failed (launch did not succeed); resources are released with the state. */
  public synchronized void failed(String name, String error, Integer exitCode) {
    terminal(name, EndpointState.FAILED, error, exitCode);
  }

  /** → stopping (a stop is in progress). */
  public synchronized void stopping(String name) {
    if (notWritable != null) {
      return; // the stop still happens; reads reconcile once the store is writable again
    }
    update(
        "UPDATE endpoints SET state = 'stopping', updated_at = ? WHERE name = ?",
        clock.millis(),
        name);
    event(name, "stopping", null);
  }

  /** → stopped (ended by request). */
  public synchronized void stopped(String name, Integer exitCode, String detail) {
    if (notWritable != null) {
      return;
    }
    terminal(name, EndpointState.STOPPED, null, exitCode);
    event(name, "stopped", detail);
  }

  /** → exited (ended on its own). */
  public synchronized void exited(String name, Integer exitCode, String error) {
    terminal(name, EndpointState.EXITED, error, exitCode);
  }

  private void terminal(String name, EndpointState s, String error, Integer exitCode) {
    long now = clock.millis();
    update(
        "UPDATE endpoints SET state = ?, last_error = coalesce(?, last_error),"
            + " exit_code = coalesce(?, exit_code), ended_at = ?, updated_at = ? WHERE name = ?",
        s.label(),
        error,
        exitCode,
        now,
        now,
        name);
    if (s != EndpointState.STOPPED) {
      event(name, s.label(), error);
    }
  }

  /** One endpoint, reconciled; empty when unknown. */
  public synchronized Optional<Endpoint> get(String name) {
    adopt();
    Optional<Endpoint> e = find(name);
    if (e.isEmpty()) {
      return e;
    }
    return Optional.of(reconcile(List.of(e.get())).get(0));
  }

  /**
   * Deletes an ended endpoint's row and its history, atomically with a last look at its state: a
   * row that is active (reconciled first) is left alone. The caller removes the log files.
   *
   * @return the row as it was when deleted; empty when there is no such row or it is active
   */
  public synchronized Optional<Endpoint> remove(String name) {
    Optional<Endpoint> e = get(name);
    if (e.isEmpty() || e.get().state().active()) {
      return Optional.empty();
    }
    if (notWritable != null) {
      throw AimException.failure(file + " is " + notWritable + "; nothing was removed");
    }
    return inTransaction(
        () -> {
          Optional<Endpoint> again = find(name);
          if (again.isEmpty() || again.get().state().active()) {
            return Optional.empty(); // another aim-engine relaunched the name meanwhile
          }
          exec("DELETE FROM events WHERE endpoint = ?", name);
          exec("DELETE FROM endpoints WHERE name = ?", name);
          return again;
        });
  }

  /** Every endpoint, reconciled, newest first. */
  public synchronized List<Endpoint> list() {
    adopt();
    return reconcile(all());
  }

  /**
   * Rebuilds the rows of live engines the database does not know (it was deleted, or restored from
   * an older copy) from their {@link Lease}s, so their GPUs, port and name stay held.
   */
  private void adopt() {
    if (notWritable != null) {
      return;
    }
    // A lease whose row the database has (the same monitor, or an active row) is left alone
    // before its runtime is asked whether it lives.
    for (Endpoint l :
        reality.leases(
            l -> {
              Optional<Endpoint> row = find(l.name());
              return row.isEmpty() || (row.get().pid() != l.pid() && !row.get().state().active());
            })) {
      exec("DELETE FROM endpoints WHERE name = ?", l.name());
      exec(
          "INSERT INTO endpoints(name, model, served_model, recipe_id, engine, runtime, state,"
              + " host, port, gpus, gpu_model, pid, pid_start, launcher_pid, launcher_start,"
              + " log_path, health_path, restart_policy, created_at, updated_at, container_id,"
              + " gpu_slices) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          l.name(),
          l.model(),
          l.servedModel(),
          l.recipeId(),
          l.engine(),
          l.runtime(),
          l.state().label(),
          l.host(),
          l.port(),
          join(l.gpus()),
          l.gpuModel(),
          l.pid(),
          l.pidStart(),
          l.launcherPid(),
          l.launcherStart(),
          l.logPath().toString(),
          l.healthPath(),
          l.restartPolicy(),
          l.createdAt().toEpochMilli(),
          clock.millis(),
          l.containerId(),
          String.join(",", l.gpuSlices()));
      event(
          l.name(),
          "adopted",
          "running (pid "
              + l.pid()
              + ") but missing from the state database; row rebuilt from its lease");
    }
  }

  /** Device indices held by live endpoints (what the planner must not choose). */
  public synchronized Set<Integer> gpusInUse() {
    return gpusInUse(Map.of());
  }

  /**
   * Device indices a plan on this host's visible devices must not choose: those held by live
   * endpoints, except a GPU that is visible only as one of its MIG instances ({@code
   * visibleSlices}: device index → {@code MIG-…} id) while its holders all hold other instances of
   * it.
   */
  public synchronized Set<Integer> gpusInUse(Map<Integer, String> visibleSlices) {
    Set<Integer> held = new TreeSet<>();
    for (Endpoint e : list()) {
      if (!e.state().active()) {
        continue;
      }
      for (int g : e.gpus()) {
        String mine = visibleSlices.get(g);
        if (mine == null || e.gpuSlices().isEmpty() || e.gpuSlices().contains(mine)) {
          held.add(g);
        }
      }
    }
    return held;
  }

  /** Which live endpoint holds each device index. */
  public synchronized Map<Integer, String> gpuHolders() {
    Map<Integer, String> holders = new TreeMap<>();
    list().stream()
        .filter(e -> e.state().active())
        .forEach(e -> e.gpus().forEach(g -> holders.put(g, e.name())));
    return holders;
  }

  /** Events of one endpoint, oldest first, as "time kind detail" lines. */
  public synchronized List<String> events(String name) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT at, kind, detail FROM events WHERE endpoint = ? ORDER BY id")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String d = rs.getString(3);
          out.add(
              Instant.ofEpochMilli(rs.getLong(1))
                  + " "
                  + rs.getString(2)
                  + (d == null ? "" : " " + d));
        }
      }
    } catch (SQLException e) {
      throw unusable(file, e);
    }
    return out;
  }

  /** Appends an event (restarts, health changes) to an endpoint's history. */
  public synchronized void event(String name, String kind, String detail) {
    exec(
        "INSERT INTO events(endpoint, at, kind, detail) VALUES (?,?,?,?)",
        name,
        clock.millis(),
        kind,
        detail);
  }

  /**
   * Brings rows in line with reality: active rows whose process is gone become exited (or stopped
   * when a stop was under way, failed when the launcher died before starting it); restarts the
   * monitor recorded are counted and logged as events. Returns the rows as they are now.
   */
  private List<Endpoint> reconcile(List<Endpoint> rows) {
    List<Endpoint> out = new ArrayList<>();
    for (Endpoint e : rows) {
      if (!e.state().active()) {
        out.add(e);
        continue;
      }
      boolean changed = notWritable == null && (foldRestarts(e) | foldHealth(e));
      Endpoint settled = null;
      if (e.state() == EndpointState.STARTING && !reality.launcherAlive(e)) {
        // Whatever the pid column says: nobody will finish this start-up, so nothing of it may
        // keep running or hold its GPUs and port.
        boolean alive = reality.alive(e);
        boolean found = reality.abandon(e);
        boolean engine = alive || found;
        boolean started = found || e.pid() > 0 || e.containerId() != null;
        settled =
            settle(
                e,
                EndpointState.FAILED,
                "the launching aim-engine process (pid "
                    + e.launcherPid()
                    + ") ended "
                    + (!started ? "before the engine started" : "during start-up")
                    + (engine ? "; stopped the engine" : ""),
                null);
        changed = true;
      } else if (e.pid() == 0 && e.containerId() == null) {
        // reserved, its launcher is starting it
      } else if (!reality.alive(e)) {
        reality.release(e);
        OptionalInt code = reality.exitCode(e);
        Integer c = code.isPresent() ? code.getAsInt() : null;
        if (e.state() == EndpointState.STOPPING) {
          settled = settle(e, EndpointState.STOPPED, null, c);
        } else {
          List<String> ev = reality.monitorEvents(e);
          String why =
              !ev.isEmpty() && ev.getLast().startsWith("gave-up")
                  ? "restart policy gave up: " + ev.getLast().substring("gave-up".length()).trim()
                  : "process " + e.pid() + " ended" + (c == null ? "" : " with exit code " + c);
          settled = settle(e, EndpointState.EXITED, why, c);
        }
        changed = true;
      }
      out.add(settled != null ? settled : changed ? find(e.name()).orElse(e) : e);
    }
    return out;
  }

  /** Records a terminal state, or when the store cannot write, returns the row as it would be. */
  private Endpoint settle(Endpoint e, EndpointState s, String error, Integer exitCode) {
    if (notWritable == null) {
      terminal(e.name(), s, error, exitCode);
      return find(e.name()).orElse(e);
    }
    return new Endpoint(
        e.name(),
        e.model(),
        e.servedModel(),
        e.recipeId(),
        e.planJson(),
        e.engine(),
        e.runtime(),
        s,
        e.host(),
        e.port(),
        e.gpus(),
        e.gpuModel(),
        e.pid(),
        e.pidStart(),
        e.launcherPid(),
        e.launcherStart(),
        exitCode != null ? exitCode : e.exitCode(),
        e.logPath(),
        e.argv(),
        e.healthPath(),
        e.restartPolicy(),
        e.restarts(),
        e.createdAt(),
        Instant.ofEpochMilli(clock.millis()),
        e.readyAt(),
        Instant.ofEpochMilli(clock.millis()),
        error != null ? error : e.lastError(),
        e.containerId(),
        e.gpuSlices());
  }

  /**
   * ready ⇄ unhealthy from the liveness changes the monitor recorded (its last {@code unhealthy} or
   * {@code healthy} line).
   */
  private boolean foldHealth(Endpoint e) {
    if (e.state() != EndpointState.READY && e.state() != EndpointState.UNHEALTHY) {
      return false;
    }
    String last = null;
    for (String l : reality.monitorEvents(e)) {
      if (l.startsWith("unhealthy ") || l.startsWith("healthy ")) {
        last = l;
      }
    }
    EndpointState now =
        last != null && last.startsWith("unhealthy")
            ? EndpointState.UNHEALTHY
            : EndpointState.READY;
    if (now == e.state()) {
      return false;
    }
    update(
        "UPDATE endpoints SET state = ?, updated_at = ? WHERE name = ? AND state = ?",
        now.label(),
        clock.millis(),
        e.name(),
        e.state().label());
    event(e.name(), now.label(), last == null ? null : last);
    return true;
  }

  private boolean foldRestarts(Endpoint e) {
    List<String> restarts =
        reality.monitorEvents(e).stream().filter(l -> l.startsWith("restart")).toList();
    if (restarts.size() <= e.restarts()) {
      return false;
    }
    for (String line : restarts.subList(e.restarts(), restarts.size())) {
      event(e.name(), "restart", line.substring("restart".length()).trim());
    }
    update(
        "UPDATE endpoints SET restarts = ?, last_error = ?, updated_at = ? WHERE name = ?",
        restarts.size(),
        "restarted: " + restarts.getLast().substring("restart".length()).trim(),
        clock.millis(),
        e.name());
    return true;
  }

  private Optional<Endpoint> find(String name) {
    List<Endpoint> l = query("SELECT * FROM endpoints WHERE name = ?", name);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  private List<Endpoint> all() {
    return query("SELECT * FROM endpoints ORDER BY created_at DESC, name");
  }

  private List<Endpoint> query(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      List<Endpoint> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unusable(file, e);
    }
  }

  private static Endpoint row(ResultSet rs) throws SQLException {
    String gpus = rs.getString("gpus");
    int exit = rs.getInt("exit_code");
    boolean exitNull = rs.wasNull();
    return new Endpoint(
        rs.getString("name"),
        rs.getString("model"),
        rs.getString("served_model"),
        rs.getString("recipe_id"),
        rs.getString("plan_json"),
        rs.getString("engine"),
        rs.getString("runtime"),
        EndpointState.of(rs.getString("state")),
        rs.getString("host"),
        rs.getInt("port"),
        gpus.isEmpty() ? List.of() : Arrays.stream(gpus.split(",")).map(Integer::valueOf).toList(),
        rs.getString("gpu_model"),
        rs.getLong("pid"),
        rs.getLong("pid_start"),
        rs.getLong("launcher_pid"),
        rs.getLong("launcher_start"),
        exitNull ? null : exit,
        Path.of(rs.getString("log_path")),
        argv(rs.getString("argv_json")),
        rs.getString("health_path"),
        rs.getString("restart_policy"),
        rs.getInt("restarts"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "ready_at"),
        instant(rs, "ended_at"),
        rs.getString("last_error"),
        rs.getString("container_id"),
        slices(rs.getString("gpu_slices")));
  }

  private static List<String> slices(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static List<String> argv(String json) {
    // As a tree, not readValue(List<String>): looking up that deserializer reads annotations
    // through dynamic proxies, which no JDK 25 start-up cache keeps (~10-20 ms of a launch).
    try {
      com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(json);
      if (tree == null || !tree.isArray()) {
        return List.of();
      }
      List<String> out = new java.util.ArrayList<>(tree.size());
      for (com.fasterxml.jackson.databind.JsonNode a : tree) {
        if (!a.isValueNode()) {
          return List.of(); // as readValue: no string from an object or array
        }
        out.add(a.isNull() ? null : a.asText());
      }
      return out;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static String json(List<String> argv) {
    try {
      return Json.MAPPER.writeValueAsString(argv);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try {
      db.setAutoCommit(false); // the driver begins IMMEDIATE: the write lock is taken up front
      try {
        T t = work.run();
        db.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw unusable(file, e);
    }
  }

  private void update(String sql, Object... args) {
    exec(sql, args);
  }

  private void exec(String sql, Object... args) {
    if (notWritable != null) {
      throw AimException.failure(file + " is " + notWritable + "; the change was not recorded");
    }
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    } catch (SQLException e) {
      String why = StoreAccess.notWritable(aimHome, e);
      if (why != null) {
        throw new AimException(
            ExitCode.FAILURE, file + " is " + why + "; the change was not recorded", e);
      }
      throw unusable(file, e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static String join(java.util.Collection<Integer> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  static AimException unusable(Path file, SQLException e) {
    int code = e.getErrorCode();
    if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
      return new AimException(
          ExitCode.UNEXPECTED_STATE,
          file
              + " is not a readable AIM Engine state database ("
              + firstLine(e.getMessage())
              + "); it was left untouched: move it aside (or restore a backup) and run again",
          e);
    }
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return new AimException(
          ExitCode.FAILURE,
          file + " stayed locked by another aim-engine process for 15 s; try again",
          e);
    }
    return new AimException(
        ExitCode.FAILURE, file + ": database error: " + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(db);
  }
}
