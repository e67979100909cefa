package io.aimengine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code aim-engine k8s render}: Kubernetes manifests without running the operator. */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    description = {
      "Kubernetes without the operator: render the manifests the operator would create"
          + " (docs/kubernetes.md)."
    },
    subcommands = {K8sRenderCommand.class})
public final class K8sCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
