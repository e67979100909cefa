package io.aimengine.operator.endpoint;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An inference endpoint: a model that the planner places on the cluster's GPUs and the operator
 * runs as one Deployment per engine behind one Service. The spec is the original design's flat one;
 * the status carries the plan and why it was chosen.
 */
@Group(AIMEndpoint.GROUP)
@Version("v1alpha1")
@Kind("AIMEndpoint")
@ShortNames("aimep")
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.model",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Engine",
    jsonPath = ".status.plan.engine",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "GPUs",
    jsonPath = ".status.plan.gpuCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AIMEndpoint extends CustomResource<AIMEndpointSpec, AIMEndpointStatus>
    implements Namespaced {
  /** The API group of all AIM Engine resources. */
  public static final String GROUP = "aim.engine.amd.com";

  private static final long serialVersionUID = 1L;
}
