package io.aimengine.cli;

import io.aimengine.core.ExitCode;
import io.aimengine.core.catalog.CatalogValidator;
import io.aimengine.core.catalog.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine recipes validate PATH...}: one line per problem on stdout ({@code file:field:
 * severity: message}), a summary on stderr; exit 2 when any error, else 0.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check recipe and model files (files or directories, recursively) against the engines'"
          + " flag schemas, the GPU table and the model facts.",
      "Prints one line per problem: file:field: severity: message. Exit 2 if any error, 0 if only"
          + " warnings."
    })
public final class RecipesValidateCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Recipe/model files or directories.")
  List<Path> paths;

  @Option(names = "--json", description = "Print the report as JSON (docs/recipes.md).")
  boolean json;

  public RecipesValidateCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    CatalogValidator.Report report = app.catalogValidator().validate(paths);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, view(report));
    } else {
      report.problems().forEach(out::println);
      out.flush();
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        report.files()
            + " file(s), "
            + report.recipes()
            + " recipe(s): "
            + report.errors()
            + " error(s), "
            + report.warnings()
            + " warning(s)");
    err.flush();
    return report.errors() > 0 ? ExitCode.INVALID_INPUT.code() : ExitCode.OK.code();
  }

  static Map<String, Object> view(CatalogValidator.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", r.files());
    m.put("recipes", r.recipes());
    m.put("errors", r.errors());
    m.put("warnings", r.warnings());
    m.put("problems", r.problems().stream().map(RecipesValidateCommand::problem).toList());
    return m;
  }

  static Map<String, Object> problem(Problem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.file());
    m.put("field", p.field());
    m.put("severity", p.severity().label());
    m.put("message", p.message());
    return m;
  }
}
