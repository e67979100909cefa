package io.aimengine.core.model;

/**
 * One file of a Hub repo as the Hub lists it.
 *
 * @param path repo-relative path ("model-00001-of-00004.safetensors", "Q4_K_M/x-00001-of-2.gguf")
 * @param bytes its size, -1 when the listing did not say
 */
public record RepoFile(String path, long bytes) {}
