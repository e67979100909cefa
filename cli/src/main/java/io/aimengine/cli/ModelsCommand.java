package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code aim-engine models list}. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the models the catalog has facts for (docs/recipes.md, model files).",
    subcommands = {ModelsListCommand.class})
public final class ModelsCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
