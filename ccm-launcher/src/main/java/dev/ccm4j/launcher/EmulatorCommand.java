package dev.ccm4j.launcher;

import dev.ccm4j.kubeapi.AccessPolicy;
import dev.ccm4j.kubeapi.AccessReviews;
import dev.ccm4j.kubeapi.KubeApiServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  @Option(names = "--user", paramLabel = "TOKEN=NAME[,GROUP...]",
      description = "One more token the emulator accepts (and its TokenReview authenticates) as that user;"
          + " repeatable.")
  List<String> users = new ArrayList<>();

  @Option(names = "--allow", paramLabel = "NAME=VERB:PATH",
      description = "Lets a user send VERB (get, post, ..., or *) to a non-resource PATH (exact, or a prefix ending"
          + " in *); repeatable. With any --allow, SubjectAccessReviews allow only these and the --token user;"
          + " without, every known user may do everything.")
  List<String> allows = new ArrayList<>();

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535, got " + port);
    }
    String bearer = token == null || token.isEmpty() ? java.util.UUID.randomUUID().toString() : token;
    KubeApiServer.Builder b = KubeApiServer.builder().port(port).https(https).bearerToken(bearer);
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      addUser(b, users.get(i), i + 1, errors);
    }
    if (!allows.isEmpty()) {
      AccessPolicy.Builder policy = AccessPolicy.builder().allowAll(AccessReviews.DEFAULT_USER.username());
      for (String allow : allows) {
        addAllow(policy, allow, errors);
      }
      b.accessPolicy(policy.build());
    }
    if (!errors.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), String.join("\n", errors));
    }
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

  /** {@code TOKEN=NAME[,GROUP...]}; a message names the occurrence, never the token. */
  private static void addUser(KubeApiServer.Builder b, String value, int occurrence, List<String> errors) {
    int eq = value.indexOf('=');
    String[] names = eq < 0 ? new String[0] : value.substring(eq + 1).split(",", -1);
    if (eq <= 0 || names.length == 0 || names[0].isBlank()
        || Arrays.stream(names).anyMatch(String::isBlank)) {
      errors.add("--user (occurrence " + occurrence + ") must be TOKEN=NAME[,GROUP...] with a non-empty token,"
          + " name and groups");
      return;
    }
    try {
      b.user(value.substring(0, eq), names[0].strip(),
          Arrays.stream(names, 1, names.length).map(String::strip).toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      // the builder's message may name the token; say which occurrence instead
      errors.add("--user (occurrence " + occurrence + "): a token given twice, or an invalid name");
    }
  }

  /** {@code NAME=VERB:PATH}. */
  private static void addAllow(AccessPolicy.Builder policy, String value, List<String> errors) {
    int eq = value.indexOf('=');
    int colon = eq < 0 ? -1 : value.indexOf(':', eq);
    String name = eq < 0 ? "" : value.substring(0, eq).strip();
    String verb = colon < 0 ? "" : value.substring(eq + 1, colon).strip();
    String path = colon < 0 ? "" : value.substring(colon + 1).strip();
    if (name.isEmpty() || verb.isEmpty() || !path.startsWith("/")
        || (path.indexOf('*') >= 0 && path.indexOf('*') != path.length() - 1)) {
      errors.add("--allow must be NAME=VERB:PATH, PATH starting with / and * only at its end, got \""
          + FlagChecks.printable(value) + "\"");
      return;
    }
    try {
      policy.allowPath(name, verb, path);
    } catch (IllegalArgumentException e) {
      errors.add("--allow: " + e.getMessage());
    }
  }
}
