package io.aimengine.cli;

import picocli.CommandLine;

/** Version from the jar manifest, "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"aim-engine " + (v == null ? "dev" : v)};
  }
}
