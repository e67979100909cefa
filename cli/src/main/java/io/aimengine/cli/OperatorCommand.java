package io.aimengine.cli;

import io.aimengine.operator.Images;
import io.aimengine.operator.server.OperatorServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine operator}: runs the Kubernetes operator (AIMEndpoint, AIMRecipe, AIMCache) in
 * the foreground against the cluster that the service account or kubeconfig names.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Kubernetes operator in the foreground (deploy/kubernetes/ installs it in-cluster).",
      "Serves /healthz, /readyz and /metrics on --metrics-port."
    })
public final class OperatorCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Health and metrics port (default: 8080).")
  int port = 8080;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDR",
      description = "Health and metrics bind address (default: 0.0.0.0).")
  String bind = "0.0.0.0";

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "AIM Engine image for pods and download Jobs (default: aim-engine:<version>).")
  String image;

  public OperatorCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try (OperatorServer server =
        new OperatorServer(
            app.catalog(), image != null ? image : Images.defaultImage(), bind, port)) {
      server.start();
      err.println("aim-engine operator: reconciling; health and metrics on :" + server.port());
      err.flush();
      server.runUntilStopped();
    }
    return 0;
  }
}
