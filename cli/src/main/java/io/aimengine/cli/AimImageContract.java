package io.aimengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The environment contract of AMD's AIM images applied to {@code serve}'s options, so a manifest
 * written for AMD's images runs AIM Engine's unchanged: AIM_MODEL_ID (the model), AIM_PRECISION
 * ({@code auto} leaves the choice to the planner), AIM_ENGINE, AIM_METRIC, AIM_PORT,
 * AIM_ENGINE_ARGS (a JSON object of engine arguments; {@code true} is a bare flag, {@code false}
 * leaves it out). Command-line options win. AIM_GPU_MODEL/AIM_GPU_COUNT and AIM_CACHE_PATH are
 * honoured where hardware and the cache are read ({@link Settings}).
 */
final class AimImageContract {
  private AimImageContract() {}

  static void apply(Settings s, PlanOptions plan, EndpointOptions endpoint) {
    if (plan.model == null) {
      plan.model = s.aimImageContract("AIM_MODEL_ID").orElse(null);
    }
    String precision = s.aimImageContract("AIM_PRECISION").orElse("auto");
    if (plan.precision == null && !precision.equalsIgnoreCase("auto")) {
      plan.precision = precision;
    }
    if (plan.backend == null) {
      plan.backend = s.aimImageContract("AIM_ENGINE").orElse(null);
    }
    if (plan.metric == null) {
      plan.metric = s.aimImageContract("AIM_METRIC").orElse(null);
    }
    if (endpoint.port == 0) {
      String port = s.aimImageContract("AIM_PORT").orElse(null);
      if (port != null) {
        try {
          endpoint.port = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
          throw AimException.invalid("AIM_PORT='" + port + "': expected a port number");
        }
      }
    }
    String json = s.aimImageContract("AIM_ENGINE_ARGS").orElse(null);
    if (json != null) {
      List<String> args = new ArrayList<>(engineArgs(json));
      args.addAll(plan.args);
      plan.args = args;
    }
  }

  /** AIM_ENGINE_ARGS as {@code --arg} values. */
  static List<String> engineArgs(String json) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw AimException.invalid("AIM_ENGINE_ARGS: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw AimException.invalid("AIM_ENGINE_ARGS: expected a JSON object of engine arguments");
    }
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isBoolean()) {
        if (v.asBoolean()) {
          out.add(f.getKey());
        }
      } else if (v.isValueNode()) {
        out.add(f.getKey() + "=" + v.asText());
      } else {
        out.add(f.getKey() + "=" + v);
      }
    }
    return out;
  }
}
