package io.aimengine.cli;

import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.runtime.store.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine completion bash|zsh|fish}: prints a completion script. Bash and zsh get the
 * script picocli's {@link AutoComplete} generates (zsh runs it through bashcompinit); fish gets one
 * written from the same command model ({@link FishCompletion}). Besides subcommands and options
 * they complete values: positional {@code MODEL} parameters get the catalog's model ids, their
 * variants and the cached models; positional {@code NAME} parameters the endpoints in the store;
 * {@code --gpu} the GPU table. Those values are the ones known when the script is printed, so
 * {@code source <(...)} in a shell's start-up file keeps them current per shell.
 */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script: bash, zsh or fish.",
      "bash: source <(aim-engine completion bash)    (in ~/.bashrc)",
      "zsh:  source <(aim-engine completion zsh)     (in ~/.zshrc)",
      "fish: aim-engine completion fish > ~/.config/fish/completions/aim-engine.fish"
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {
  /** The shells a script can be printed for (lower case: picocli shows them to the user). */
  enum Shell {
    bash,
    zsh,
    fish
  }

  private final App app;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  CompletionCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    addCandidates(root.getCommandSpec());
    String script =
        switch (shell) {
          case bash -> AutoComplete.bash("aim-engine", root);
          case zsh ->
              "# zsh: picocli's bash completion through bashcompinit\n"
                  + "autoload -U +X compinit && compinit\n"
                  + "autoload -U +X bashcompinit && bashcompinit\n"
                  + AutoComplete.bash("aim-engine", root);
          case fish -> FishCompletion.script(root.getCommandSpec());
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * Gives every MODEL and NAME positional and every --gpu option of every command its candidates
   * (each list is read once, on first use).
   */
  private void addCandidates(CommandSpec root) {
    Supplier<List<String>> models = memo(this::modelIds);
    Supplier<List<String>> names = memo(this::endpointNames);
    Supplier<List<String>> gpus = memo(() -> app.gpus().names());
    List<CommandSpec> all = new ArrayList<>();
    collect(root, all);
    for (CommandSpec c : all) {
      for (ArgSpec a : List.copyOf(c.args())) {
        Supplier<List<String>> values = null;
        if (a instanceof PositionalParamSpec) {
          values =
              switch (a.paramLabel()) {
                case "MODEL" -> models;
                case "NAME" -> names;
                default -> null;
              };
        } else if (a instanceof OptionSpec o && List.of(o.names()).contains("--gpu")) {
          values = gpus;
        }
        if (values == null || a.completionCandidates() != null || a.group() != null) {
          continue;
        }
        c.remove(a);
        if (a instanceof PositionalParamSpec p) {
          c.addPositional(
              PositionalParamSpec.builder(p).completionCandidates(values.get()).build());
        } else if (a instanceof OptionSpec o) {
          c.addOption(OptionSpec.builder(o).completionCandidates(values.get()).build());
        }
      }
    }
  }

  private List<String> modelIds() {
    TreeSet<String> ids = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (ModelEntry m : app.catalog().models()) {
      ids.add(m.id());
      ids.addAll(m.variants());
    }
    try {
      app.modelCache().list().forEach(e -> ids.add(e.repo().repo().id()));
    } catch (RuntimeException e) {
      // an unreadable cache leaves the catalog's ids
    }
    return List.copyOf(ids);
  }

  private List<String> endpointNames() {
    try {
      return app.endpoints().list().stream()
          .map(Endpoint::name)
          .sorted(String.CASE_INSENSITIVE_ORDER)
          .toList();
    } catch (RuntimeException e) {
      return List.of(); // no store yet, or one this user cannot read: nothing to complete
    }
  }

  static void collect(CommandSpec spec, List<CommandSpec> out) {
    out.add(spec);
    for (CommandLine sub : spec.subcommands().values()) {
      if (!out.contains(sub.getCommandSpec())) {
        collect(sub.getCommandSpec(), out);
      }
    }
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }
}
