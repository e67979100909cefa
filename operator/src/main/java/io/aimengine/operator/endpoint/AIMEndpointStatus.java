package io.aimengine.operator.endpoint;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the operator decided and observed; written only by the operator. */
public class AIMEndpointStatus {
  public Long observedGeneration;

  /** Pending, Planning, Downloading, Starting, Running, Degraded or Failed. */
  public String phase;

  /** Ready replicas over desired ("1/1"). */
  public String ready;

  public List<Condition> conditions = new ArrayList<>();

  public Plan plan;

  /** Every recipe considered, the chosen one first, with the reason. */
  public List<CandidateStatus> candidates = new ArrayList<>();

  public InventoryStatus inventory;

  public Replicas replicas;

  public Endpoint endpoint;

  /** The planner's decision. */
  public static class Plan {
    public String recipe;
    public String gpuModel;
    public Integer gpuCount;
    public Integer tensorParallelSize;
    public String precision;
    public String engine;
    public String image;

    /** The engine command line the pod runs. */
    public List<String> args;

    /** The decision trail, one line per decision. */
    public List<String> reasons;
  }

  /** One recipe considered. */
  public static class CandidateStatus {
    public String name;
    public String engine;

    /** selected, fits, gpu_mismatch, does_not_fit, ... */
    public String result;

    public String reason;
  }

  /** The schedulable GPUs seen. */
  public static class InventoryStatus {
    /** GPU model → the most GPUs of that model one schedulable node offers. */
    public Map<String, Integer> maxGpusPerNode;

    /** GPU model → GPUs over all schedulable nodes. */
    public Map<String, Integer> totalGpus;

    public Integer nodes;
  }

  /** Replica counts summed over the engines' Deployments. */
  public static class Replicas {
    public Integer desired;
    public Integer ready;
    public Integer available;
  }

  /** Where clients connect. */
  public static class Endpoint {
    public String url;
    public String servedModelName;
  }
}
