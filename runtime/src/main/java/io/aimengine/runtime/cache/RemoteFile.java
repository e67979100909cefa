package io.aimengine.runtime.cache;

/**
 * A file of a repo at one commit, as the Hub lists it.
 *
 * @param path repo-relative path ("model-00001-of-00004.safetensors", "original/params.json")
 * @param size bytes, -1 when the listing did not say
 * @param etag the blob name: sha256 for LFS files, git blob sha1 otherwise; null when not listed
 * @param lfs true for LFS/Xet files (content served from a CDN, verified by sha256)
 */
public record RemoteFile(String path, long size, String etag, boolean lfs) {}
