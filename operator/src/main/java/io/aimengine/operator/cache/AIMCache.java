package io.aimengine.operator.cache;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A model cache: a PVC in the Hugging Face hub layout, filled once by a Job that runs {@code
 * aim-engine cache pull} from the AIM Engine image. Endpoints mount it read-only.
 */
@Group(AIMEndpoint.GROUP)
@Version("v1alpha1")
@Kind("AIMCache")
@AdditionalPrinterColumn(
    name = "Source",
    jsonPath = ".spec.source",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.allocatedSize",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AIMCache extends CustomResource<AIMCacheSpec, AIMCacheStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}
