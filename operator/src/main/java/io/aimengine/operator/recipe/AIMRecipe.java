package io.aimengine.operator.recipe;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-wide catalog entry in the AIM profile format of {@code recipes/} (a file from there
 * pastes under {@code spec:} unchanged). The operator's catalog is the shipped one plus every valid
 * AIMRecipe; its id is {@code <aim_id>/<metadata.name>}.
 */
@Group(AIMEndpoint.GROUP)
@Version("v1alpha1")
@Kind("AIMRecipe")
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.aim_id",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Engine",
    jsonPath = ".spec.metadata.engine",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "GPU",
    jsonPath = ".spec.metadata.gpu",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Valid",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
public class AIMRecipe extends CustomResource<AIMRecipeSpec, AIMRecipeStatus> {
  private static final long serialVersionUID = 1L;
}
