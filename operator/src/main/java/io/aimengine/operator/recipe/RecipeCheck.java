package io.aimengine.operator.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeParser;
import io.aimengine.core.catalog.RecipeValidator;
import io.aimengine.core.hardware.GpuCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an AIMRecipe into a catalog recipe through the same parser and validator as {@code
 * aim-engine recipes validate}. Stateless.
 */
public final class RecipeCheck {
  /**
   * The recipe (null when errors kept it from being built), the problems, and the profile as JSON
   * text (what a pod's catalog reads to find the same recipe).
   */
  public record Result(Recipe recipe, List<Problem> problems, String profile) {
    public boolean valid() {
      return recipe != null && problems.stream().noneMatch(Problem::isError);
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final RecipeParser parser;
  private final RecipeValidator validator;

  public RecipeCheck(GpuCatalog gpus, Catalog catalog) {
    this.parser = new RecipeParser(gpus);
    this.validator = new RecipeValidator(gpus, catalog::model);
  }

  /** Parses and validates the spec of AIMRecipe {@code name}. */
  public Result check(String name, AIMRecipeSpec spec) {
    String file = "AIMRecipe/" + name;
    if (spec == null) {
      return new Result(null, List.of(Problem.error(file, "spec", "required")), null);
    }
    String json;
    try {
      json = MAPPER.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      return new Result(null, List.of(Problem.error(file, "spec", e.getOriginalMessage())), null);
    }
    String base =
        (spec.aimId != null ? spec.aimId : spec.modelId != null ? spec.modelId : "general");
    RecipeParser.Result parsed = parser.parse(file, base + "/" + name, json);
    List<Problem> problems = new ArrayList<>(parsed.problems());
    if (parsed.recipes().isEmpty()) {
      return new Result(null, problems, json);
    }
    Recipe r = parsed.recipes().get(0);
    problems.addAll(validator.validate(r));
    return new Result(r, problems, json);
  }
}
