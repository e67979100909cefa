package io.aimengine.operator.manifest;

/**
 * The AIMEndpoint the manifests belong to. {@code uid} is null for {@code k8s render}, whose output
 * has no owner.
 */
public record Owner(String name, String namespace, String uid, String apiVersion, String kind) {

  public static Owner rendered(String name, String namespace) {
    return new Owner(name, namespace, null, null, null);
  }
}
