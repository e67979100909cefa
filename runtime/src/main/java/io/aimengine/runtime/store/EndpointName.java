package io.aimengine.runtime.store;

import io.aimengine.core.AimException;
import java.util.regex.Pattern;

/** Endpoint names as the store accepts them: also valid file names and container names. */
final class EndpointName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,119}");

  private EndpointName() {}

  static void validate(String name, String where) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw AimException.invalid(
          where
              + " '"
              + name
              + "': use letters, digits, '.', '_' or '-' (starting with a letter or digit),"
              + " at most 120 characters");
    }
  }
}
