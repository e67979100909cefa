package io.aimengine.core.hardware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the machine's GPU tools: answers each exact command line with a canned result; any
 * other command is "not found on PATH". Thread-safe; records the calls it got.
 */
final class FakeRunner implements CommandRunner {
  private final Map<String, Result> answers = new ConcurrentHashMap<>();
  final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

  FakeRunner prints(List<String> command, String stdout) {
    return answer(command, new Result.Completed(0, stdout, "", Duration.ofMillis(3)));
  }

  FakeRunner prints(List<String> command, int exit, String stdout, String stderr) {
    return answer(command, new Result.Completed(exit, stdout, stderr, Duration.ofMillis(3)));
  }

  FakeRunner answer(List<String> command, Result result) {
    answers.put(String.join(" ", command), result);
    return this;
  }

  @Override
  public Result run(List<String> command, Duration timeout) {
    calls.add(List.copyOf(command));
    Result r = answers.get(String.join(" ", command));
    return r != null ? r : new Result.NotFound(command.get(0), "PATH");
  }

  boolean ran(List<String> command) {
    return calls.contains(command);
  }
}
