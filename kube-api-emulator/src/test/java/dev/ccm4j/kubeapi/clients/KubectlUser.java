package dev.ccm4j.kubeapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user at a shell in a directory of their own, with a kubeconfig whose current context points at one namespace:
 * commands run through {@code /bin/sh -c "kubectl ..."} exactly as typed, files are named relative to the
 * directory.
 */
final class KubectlUser {
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();

  private KubectlUser(Path dir) {
    this.dir = dir;
  }

  /**
   * A user in a new directory under {@code root}, with a copy of {@code kubeconfig} switched to {@code namespace}
   * the way a user does it ({@code kubectl config set-context --current --namespace=...}).
   */
  static KubectlUser in(Path root, Path kubectl, Path kubeconfig, String namespace)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(root.resolve("user-" + namespace));
    KubectlUser u = new KubectlUser(dir);
    Path config = Files.copy(kubeconfig, dir.resolve("kubeconfig"));
    u.env.put("KUBECONFIG", config.toString());
    // discovery and OpenAPI caches of this user only, and no ~/.kube of the machine running the build
    u.env.put("KUBECACHEDIR", dir.resolve("cache").toString());
    u.env.put("HOME", dir.toString());
    u.env.put("PATH", kubectl.getParent() + ":/usr/bin:/bin");
    u.env.put("KUBECTL_INTERACTIVE_DELETE", "false");
    ClientTools.Result r = u.run("config set-context --current --namespace=" + namespace);
    assertThat(r.exitCode()).as(r.all()).isZero();
    return u;
  }

  Path dir() {
    return dir;
  }

  /** Sets an environment variable for the following commands (for example EDITOR). */
  KubectlUser env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Writes a file in the user's directory. */
  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** Writes an executable shell script in the user's directory. */
  Path script(String name, String text) throws IOException {
    Path p = file(name, "#!/bin/sh\n" + text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** Runs {@code kubectl <line>} through the shell and returns what it printed, whatever its exit code. */
  ClientTools.Result run(String line) throws IOException, InterruptedException {
    return ClientTools.run(dir, env, List.of("/bin/sh", "-c", "kubectl " + line), 90);
  }

  /** Runs {@code kubectl <line>}, insists that it succeeds, and returns its stdout. */
  String ok(String line) throws IOException, InterruptedException {
    ClientTools.Result r = run(line);
    assertThat(r.exitCode()).as("kubectl %s\n%s", line, r.all()).isZero();
    return r.stdout();
  }

  /** Runs {@code kubectl <line>}, insists that it fails, and returns what it printed. */
  ClientTools.Result fails(String line) throws IOException, InterruptedException {
    ClientTools.Result r = run(line);
    assertThat(r.exitCode()).as("kubectl %s should fail\n%s", line, r.all()).isNotZero();
    return r;
  }
}
