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

  /** The date format of the operator's log lines (fabric8, JOSDK and its own, via slf4j-simple). */
  static final String LOG_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

  /**
   * Gives the operator's log lines a timestamp, before anything logs (slf4j-simple reads its
   * configuration once, system properties before simplelogger.properties). Only here: the shared
   * configuration has no date format, which slf4j-simple would parse into a SimpleDateFormat in
   * every command that opens the state database (tens of milliseconds of a launch's start-up).
   */
  static void timestampedLogs() {
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", LOG_DATE_FORMAT);
  }

  @Override
  public Integer call() throws Exception {
    timestampedLogs();
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
