package dev.ccm4j.launcher;

import dev.ccm4j.testkit.apiserver.KubeApiServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emulator}: serves the in-JVM Kubernetes API server emulator and writes a kubeconfig for it, so kubectl
 * and a cloud-controller-manager can be pointed at a cluster-less API server.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
    description = "Serve the in-JVM Kubernetes API server emulator and write a kubeconfig for it.")
final class EmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--https", arity = "0..1", fallbackValue = "true",
      description = "Serve HTTPS with a generated certificate (default ${DEFAULT-VALUE}).")
  boolean https = true;

  @Option(names = "--token", description = "The bearer token clients must send; it goes into the kubeconfig"
      + " (default: a random one, so kubectl never prompts for a password).")
  String token;

  @Option(names = "--kubeconfig-out", paramLabel = "FILE",
      description = "Where to write the kubeconfig (default ${DEFAULT-VALUE}).")
  Path kubeconfigOut = Path.of("ccm4j-emulator.kubeconfig");

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535, got " + port);
    }
    String bearer = token == null || token.isEmpty() ? java.util.UUID.randomUUID().toString() : token;
    KubeApiServer.Builder b = KubeApiServer.builder().port(port).https(https).bearerToken(bearer);
    try (KubeApiServer server = b.build().start()) {
      Path written = server.writeKubeconfig(kubeconfigOut.toAbsolutePath());
      PrintWriter out = spec.commandLine().getOut();
      out.println("Kubernetes API emulator serving on " + server.url());
      out.println("kubeconfig written to " + written);
      out.println("try: kubectl --kubeconfig " + written + " get namespaces");
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "emulator-shutdown"));
      stopped.await();
    }
    return 0;
  }
}
