package io.aimengine.operator.render;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.plan.Plan;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.aimengine.operator.endpoint.EndpointIntent;
import io.aimengine.operator.endpoint.EndpointPlanner;
import io.aimengine.operator.endpoint.InvalidSpecException;
import io.aimengine.operator.endpoint.Placement;
import io.aimengine.operator.endpoint.SpecValidator;
import io.aimengine.operator.inventory.ClusterInventory;
import io.aimengine.operator.inventory.NodeGpus;
import io.aimengine.operator.manifest.DesiredState;
import io.aimengine.operator.manifest.EndpointManifests;
import io.aimengine.operator.manifest.Owner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code aim-engine k8s render}: the manifests the operator would create for an AIMEndpoint spec,
 * as YAML, for GitOps users who do not run the operator. Same validator, planner and manifest
 * builder as the reconciler; the cluster is described by a GPU model and how many of them one node
 * has. The output has no owner references, so nothing garbage-collects it.
 */
public final class Renderer {
  private final GpuCatalog gpus;
  private final Catalog catalog;
  private final String image;

  public Renderer(GpuCatalog gpus, Catalog catalog, String image) {
    this.gpus = gpus;
    this.catalog = catalog;
    this.image = image;
  }

  /** The manifests and the plans behind them. */
  public record Rendered(List<HasMetadata> objects, List<Plan> plans) {
    public Rendered {
      objects = List.copyOf(objects);
      plans = List.copyOf(plans);
    }
  }

  /**
   * Renders {@code spec} for a cluster whose nodes have {@code gpusPerNode} × {@code gpu}.
   *
   * @throws AimException invalid input (exit 2) or no feasible plan (exit 3), one line each
   */
  public Rendered render(
      String name, String namespace, AIMEndpointSpec spec, String gpu, int gpusPerNode) {
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?")) {
      throw AimException.invalid(
          "--name '"
              + name
              + "': expected a DNS label (lower case, digits, '-'; at most 42 characters)");
    }
    GpuSpec g = gpus.require(gpu, "--gpu");
    EndpointIntent intent;
    try {
      intent = new SpecValidator(gpus).validate(spec);
    } catch (InvalidSpecException e) {
      throw AimException.invalid(e.getMessage());
    }
    ClusterInventory inventory =
        new ClusterInventory(
            List.of(new NodeGpus("render", g.name(), g.memoryBytes(), gpusPerNode)), List.of());
    Placement p = new EndpointPlanner(gpus, catalog).place(intent, inventory);
    if (p instanceof Placement.Unplaced u) {
      String line = u.reason() + ": " + u.message();
      throw u.condition().equals("ConfigValid")
          ? AimException.invalid(line)
          : AimException.unexpectedState(line);
    }
    List<Plan> plans = ((Placement.Planned) p).plans();
    String pvc = null;
    boolean own = false;
    if (intent.cache() != null) {
      pvc =
          intent.cache().cacheRef() != null
              ? intent.cache().cacheRef() + "-cache"
              : EndpointManifests.cachePvcName(name);
      own = intent.cache().cacheRef() == null;
    }
    DesiredState d =
        new EndpointManifests(gpus, image, id -> java.util.Optional.empty())
            .build(Owner.rendered(name, namespace), intent, plans, pvc, own);
    return new Rendered(d.all(), plans);
  }

  /** Multi-document YAML, one object per document, with a comment naming the plan. */
  public static String yaml(Rendered r) {
    KubernetesSerialization s = new KubernetesSerialization();
    StringBuilder out = new StringBuilder();
    for (Plan p : r.plans()) {
      out.append("# ")
          .append(p.engine().label())
          .append(": ")
          .append(p.recipe().id())
          .append(" on ")
          .append(p.gpuCount())
          .append(" x ")
          .append(p.gpuModel())
          .append(", ")
          .append(p.precision().label())
          .append(", TP ")
          .append(p.tensorParallelSize())
          .append('\n');
    }
    List<String> docs = new ArrayList<>();
    for (HasMetadata o : r.objects()) {
      String y = s.asYaml(o);
      docs.add(y.startsWith("---") ? y.substring(y.indexOf('\n') + 1) : y);
    }
    out.append("---\n").append(String.join("---\n", docs));
    return out.toString();
  }
}
