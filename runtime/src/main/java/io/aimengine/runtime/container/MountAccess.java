package io.aimengine.runtime.container;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whether a container's user can read its bind mounts. An image with a non-root USER (AIM Engine's
 * own run as {@code aim}) reads a host path as "others" (rootful Docker: another uid; rootless
 * Podman: the host user is the container's root), so a model directory made with mode 700 fails
 * deep inside the engine's loader; this says so before the container is made. Pure apart from
 * reading the mount sources' permissions.
 */
final class MountAccess {
  private MountAccess() {}

  /** True for the image users that read anything: none given, root, uid 0. */
  static boolean root(String user) {
    if (user == null || user.isBlank()) {
      return true;
    }
    String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return name.equals("root") || name.equals("0");
  }

  /**
   * Checks every bind mount source (a directory needs r and x for others, a file r).
   *
   * @param user the image's USER (empty for root)
   * @throws AimException (unexpected state, exit 3) naming the path, its mode and the ways out
   */
  static void check(ContainerSpec c, String user) {
    if (root(user)) {
      return;
    }
    for (ContainerSpec.Mount m : c.mounts()) {
      Path p = Path.of(m.source());
      Set<PosixFilePermission> perms;
      try {
        perms = Files.getPosixFilePermissions(p);
      } catch (IOException | UnsupportedOperationException e) {
        continue; // not here (the engine will say so) or no POSIX modes to judge by
      }
      boolean dir = Files.isDirectory(p);
      if (!perms.contains(PosixFilePermission.OTHERS_READ)
          || (dir && !perms.contains(PosixFilePermission.OTHERS_EXECUTE))) {
        throw AimException.unexpectedState(
            c.image()
                + " runs as user '"
                + user
                + "', not root: it cannot read "
                + p
                + " ("
                + PosixFilePermissions.toString(perms)
                + ", mounted at "
                + m.target()
                + "); make it readable (chmod o+rX "
                + p
                + ") or pass --image of an image that runs as root");
      }
    }
  }
}
