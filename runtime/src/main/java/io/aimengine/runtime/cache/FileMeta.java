package io.aimengine.runtime.cache;

import java.net.URI;

/**
 * What {@code HEAD /{repo}/resolve/{commit}/{file}} says about a file.
 *
 * @param etag blob name: {@code X-Linked-Etag} for LFS files (sha256), else {@code ETag} (git
 *     sha1), quotes and {@code W/} stripped
 * @param size {@code X-Linked-Size}, else {@code Content-Length}
 * @param commit {@code X-Repo-Commit}, null when absent
 * @param location where to GET the bytes: the CDN URL a 302 names, else the resolve URL
 */
public record FileMeta(String etag, long size, String commit, URI location) {}
