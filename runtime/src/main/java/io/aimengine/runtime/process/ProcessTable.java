package io.aimengine.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Facts about processes from {@code /proc} (Linux): a process's start time (clock ticks since boot,
 * field 22 of {@code /proc/PID/stat}), and the live members of a process group. A pid together with
 * its start time names one process for good: a recycled pid has a different start time. Zombies
 * count as gone. On systems without {@code /proc}, {@link ProcessHandle} answers for single
 * processes and a group is represented by its leader. Stateless and thread-safe.
 */
public final class ProcessTable {
  private final Path proc;

  public ProcessTable(Path proc) {
    this.proc = proc;
  }

  public static ProcessTable system() {
    return new ProcessTable(Path.of("/proc"));
  }

  private boolean hasProc() {
    return Files.isDirectory(proc.resolve("self"));
  }

  /** The process's start time, empty when it does not exist (or is a zombie). */
  public OptionalLong startTime(long pid) {
    if (!hasProc()) {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .flatMap(h -> h.info().startInstant())
          .map(i -> OptionalLong.of(i.toEpochMilli()))
          .orElse(OptionalLong.empty());
    }
    Stat s = stat(pid);
    return s == null || s.zombie() ? OptionalLong.empty() : OptionalLong.of(s.startTime());
  }

  /** True when {@code pid} is alive and started at {@code startTime}. */
  public boolean alive(long pid, long startTime) {
    OptionalLong st = startTime(pid);
    return pid > 0 && st.isPresent() && st.getAsLong() == startTime;
  }

  /** Live (non-zombie) processes whose process group is {@code pgid}. */
  public List<Long> groupMembers(long pgid) {
    List<Long> out = new ArrayList<>();
    if (!hasProc()) {
      ProcessHandle.of(pgid).filter(ProcessHandle::isAlive).ifPresent(h -> out.add(h.pid()));
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path p : ds) {
        long pid;
        try {
          pid = Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        Stat s = stat(pid);
        if (s != null && s.pgrp() == pgid && !s.zombie()) {
          out.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc vanished under us: report what we saw
    }
    return out;
  }

  /** The process group of {@code pid}, empty when it does not exist. */
  public OptionalLong processGroup(long pid) {
    if (!hasProc()) {
      return OptionalLong.empty();
    }
    Stat s = stat(pid);
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.pgrp());
  }

  private record Stat(char state, long pgrp, long startTime) {
    boolean zombie() {
      return state == 'Z' || state == 'X';
    }
  }

  /** Parses /proc/PID/stat; the command name (field 2) may hold spaces and parentheses. */
  private Stat stat(long pid) {
    String line;
    try {
      line = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return null;
    }
    int close = line.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    // f[0] = field 3 (state), f[2] = field 5 (pgrp), f[19] = field 22 (starttime)
    if (f.length < 20) {
      return null;
    }
    try {
      return new Stat(f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
