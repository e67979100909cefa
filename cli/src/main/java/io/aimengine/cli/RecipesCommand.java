package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code aim-engine recipes list|show|validate}. */
@Command(
    name = "recipes",
    mixinStandardHelpOptions = true,
    description = "List, show and validate recipes (catalog format: docs/recipes.md).",
    subcommands = {
      RecipesListCommand.class,
      RecipesShowCommand.class,
      RecipesValidateCommand.class
    })
public final class RecipesCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
