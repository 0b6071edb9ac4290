package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.serving.ServingCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 15 defects 9, 10 and 11e, the way an operator meets them: {@link Main#run} with bad flags exits 2 with every
 * bad flag named in one go, on standard error, without a stack trace.
 */
class FlagValidationTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private static CloudControllerManagerCommand parse(String... args) {
    CommandLine cli = Main.commandLine();
    cli.parseArgs(args);
    return cli.getCommand();
  }

  /** Exit 2, and nothing on standard error that only a developer could read. */
  private void assertRefusedWithoutTrace(int code) {
    assertThat(code).as(err()).isEqualTo(2);
    assertThat(err()).doesNotContain("\tat ").doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b");
  }

  @Test
  void everyBadFlagIsNamedInOneRunWithoutATrace() throws IOException {
    try (ServerSocketChannel busy = ServerSocketChannel.open()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) busy.getLocalAddress()).getPort();

      int code = Main.run("--cloud-provider=fake", "--secure-port=" + port, "--bind-address=notanip",
          "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,FOO",
          "--authorization-always-allow-paths=/healthz,,/livez", "--master=not-a-url",
          "--leader-elect-resource-namespace=Kube_System", "--leader-elect-resource-name=ccm/lock",
          "--concurrent-service-syncs=100000", "--tls-cert-file=" + tmp.resolve("missing.crt"),
          "--tls-private-key-file=" + tmp.resolve("missing.key"));

      assertRefusedWithoutTrace(code);
      assertThat(err())
          .contains("--bind-address \"notanip\": not an IP address")
          .contains("--tls-cipher-suites: unknown suite \"FOO\"")
          .contains("--authorization-always-allow-paths: entry 2 of \"/healthz,,/livez\" is empty")
          .contains("--master has no http:// or https:// scheme")
          .contains("--leader-elect-resource-namespace must be a DNS-1123 label", "\"Kube_System\"")
          .contains("--leader-elect-resource-name must be a DNS-1123 subdomain", "\"ccm/lock\"")
          .contains("--concurrent-service-syncs must be between 1 and 100, got 100000")
          .contains("--tls-cert-file: cannot read " + tmp.resolve("missing.crt") + ": no such file")
          .contains("--tls-private-key-file: cannot read " + tmp.resolve("missing.key") + ": no such file");

      code = Main.run("--cloud-provider=fake", "--secure-port=" + port, "--bind-address=127.0.0.1",
          "--master=https://");
      assertRefusedWithoutTrace(code);
      assertThat(err()).contains("--secure-port " + port + ": address already in use")
          .contains("--master has no host");
    }
  }

  @Test
  void aMasterUrlNeedsSchemeAndHost() {
    assertThat(FlagChecks.masterUrl("https://10.0.0.1:6443")).isEmpty();
    assertThat(FlagChecks.masterUrl("http://[::1]:8080/prefix")).isEmpty();
    assertThat(FlagChecks.masterUrl("https:///api")).get().asString().startsWith("--master has no host");
    assertThat(FlagChecks.masterUrl("10.0.0.1:6443")).isPresent();
    assertThat(FlagChecks.masterUrl("ftp://host")).isPresent();
    assertThat(FlagChecks.masterUrl("https://user:secret@")).get().asString().doesNotContain("secret");
  }

  @Test
  void unreadableOrMismatchedTlsFilesAreRefusedByFlag() throws Exception {
    Path cert = tmp.resolve("tls.crt");
    Path key = tmp.resolve("tls.key");
    Path otherKey = tmp.resolve("other.key");
    ServingCertificate served = newCertificate();
    Files.writeString(cert, pem("CERTIFICATE", served.certificate().getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", served.privateKey().getEncoded()));
    Files.writeString(otherKey, pem("PRIVATE KEY", newCertificate().privateKey().getEncoded()));
    Path garbage = Files.writeString(tmp.resolve("garbage.crt"), "secret-looking-content\n");
    int port = freePort();

    assertThat(parse("--cloud-provider=fake", "--secure-port=" + port, "--tls-cert-file=" + cert,
        "--tls-private-key-file=" + key).validate()).isEmpty();

    int code = Main.run("--cloud-provider=fake", "--secure-port=" + port, "--tls-cert-file=" + cert,
        "--tls-private-key-file=" + otherKey);
    assertRefusedWithoutTrace(code);
    assertThat(err()).contains("--tls-private-key-file").contains("does not match");

    code = Main.run("--cloud-provider=fake", "--secure-port=" + port, "--tls-cert-file=" + garbage,
        "--tls-private-key-file=" + key);
    assertRefusedWithoutTrace(code);
    assertThat(err()).contains("--tls-cert-file").contains(garbage.toString())
        .doesNotContain("secret-looking-content");

    code = Main.run("--cloud-provider=fake", "--secure-port=" + port, "--tls-cert-file=" + tmp,
        "--tls-private-key-file=" + key);
    assertRefusedWithoutTrace(code);
    assertThat(err()).contains("--tls-cert-file: cannot read " + tmp + ": is a directory");
  }

  @Test
  void concurrencyRatesAndPeriodsAreBoundedWithTheRangeInTheMessage() {
    int code = Main.run("--cloud-provider=fake", "--concurrent-service-syncs=100000", "--concurrent-node-syncs=101",
        "--concurrent-node-status-updates=-1", "--kube-api-qps=NaN", "--cloud-api-qps=Infinity",
        "--cloud-api-burst=0", "--node-monitor-period=1ns", "--min-resync-period=100000h");

    assertRefusedWithoutTrace(code);
    assertThat(err())
        .contains("--concurrent-service-syncs must be between 1 and 100, got 100000")
        .contains("--concurrent-node-syncs must be between 1 and 100, got 101")
        .contains("--concurrent-node-status-updates must be between 0 and 100, got -1")
        .contains("--kube-api-qps must be greater than 0 and at most 1000000, got NaN")
        .contains("--cloud-api-qps must be greater than 0 and at most 1000000, got Infinity")
        .contains("--cloud-api-burst must be between 1 and 1000000, got 0")
        .contains("--node-monitor-period must be between 100ms and 24h0m0s, got 1ns")
        .contains("--min-resync-period must be between 100ms and 720h0m0s, got 100000h0m0s");
    assertThat(parse("--cloud-provider=fake", "--concurrent-service-syncs=100", "--concurrent-node-syncs=100")
        .validate()).isEmpty();
  }

  @Test
  void aRepeatedSingleValuedFlagKeepsTheLastValueAsUpstreamDoes() {
    CloudControllerManagerCommand c = parse("--cloud-provider=fake", "--concurrent-service-syncs=2",
        "--concurrent-service-syncs=5", "--cluster-cidr=10.0.0.0/16", "--cluster-cidr=10.244.0.0/16,fd00::/56",
        "--leader-elect=false", "--leader-elect", "--node-monitor-period=1s", "--node-monitor-period=7s");

    assertThat(c.validate()).isEmpty();
    assertThat(c.options().concurrentServiceSyncs()).isEqualTo(5);
    assertThat(c.options().clusterCidrs()).containsExactly("10.244.0.0/16", "fd00::/56");
    assertThat(c.options().leaderElect()).isTrue();
    assertThat(c.options().nodeMonitorPeriod()).isEqualTo(Duration.ofSeconds(7));

    DemoCommand demo = Main.commandLine().parseArgs("demo", "--duration=1s", "--duration=3s").subcommand()
        .commandSpec().commandLine().getCommand();
    assertThat(demo.duration).as("subcommands too").isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aRepeatedListFlagAppendsAsUpstreamsStringSlices() {
    CloudControllerManagerCommand c = parse("--cloud-provider=fake", "--controllers=*",
        "--controllers=-route", "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "--authorization-always-allow-paths=/healthz", "--authorization-always-allow-paths=/metrics,/livez",
        "--feature-gates=CloudControllerManagerWebhook=false",
        "--feature-gates=ControllerManagerReleaseLeaderElectionLockOnExit=true");

    assertThat(c.validate()).isEmpty();
    assertThat(c.options().controllers().isEnabled("route")).isFalse();
    assertThat(c.options().controllers().isEnabled("service")).isTrue();
    assertThat(c.servingOptions().cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(FlagChecks.effectivePaths(c.alwaysAllowPaths)).containsExactly("/healthz", "/metrics", "/livez");
    assertThat(c.featureGates).containsOnlyKeys("CloudControllerManagerWebhook",
        "ControllerManagerReleaseLeaderElectionLockOnExit");
  }

  @Test
  void anEmptyListValueMeansNoneWhileAnEmptyEntryIsRefused() {
    CloudControllerManagerCommand none = parse("--cloud-provider=fake", "--authorization-always-allow-paths=",
        "--tls-cipher-suites=");
    assertThat(none.validate()).isEmpty();
    assertThat(FlagChecks.effectivePaths(none.alwaysAllowPaths)).isEmpty();
    assertThat(none.servingOptions().cipherSuites()).isEmpty();

    // picocli's split drops a trailing empty entry; upstream's would open "/" without authentication
    assertThat(parse("--cloud-provider=fake", "--authorization-always-allow-paths=/healthz,").validate())
        .containsExactly("--authorization-always-allow-paths: entry 2 of \"/healthz,\" is empty");
    assertThat(parse("--cloud-provider=fake", "--tls-cipher-suites=,TLS_AES_128_GCM_SHA256").validate())
        .containsExactly("--tls-cipher-suites: entry 1 of \",TLS_AES_128_GCM_SHA256\" is empty");
    assertThat(parse("--cloud-provider=fake", "--authorization-always-allow-paths=/a*b").validate())
        .containsExactly("--authorization-always-allow-paths: only a trailing * is allowed, got \"/a*b\"");
  }

  @Test
  void bindAddressesAreIpLiteralsNeverLookedUp() {
    for (String ok : List.of("0.0.0.0", "127.0.0.1", "::", "::1", "fd00::10")) {
      assertThat(parse("--cloud-provider=fake", "--bind-address=" + ok).validate()).as(ok).isEmpty();
    }
    for (String bad : List.of("notanip", "localhost", "256.0.0.1", "10.0.0", "[::1]", "")) {
      assertThat(parse("--cloud-provider=fake", "--bind-address=" + bad).validate()).as(bad)
          .singleElement().asString().startsWith("--bind-address");
    }
  }

  @Test
  void missingFilesAreReportedWithTheOtherBadFlags() {
    int code = Main.run("--cloud-provider=fake", "--kubeconfig=" + tmp.resolve("kubeconfig"),
        "--cloud-config=" + tmp.resolve("cloud.conf"), "--concurrent-node-syncs=0");

    assertRefusedWithoutTrace(code);
    assertThat(err())
        .contains("--kubeconfig: cannot read " + tmp.resolve("kubeconfig") + ": no such file")
        .contains("--cloud-config: cannot read " + tmp.resolve("cloud.conf") + ": no such file")
        .contains("--concurrent-node-syncs must be between 1 and 100, got 0");
  }

  @Test
  void anEndlessCloudConfigIsRefusedAtItsBound() {
    int code = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Main.run("--cloud-provider=fake", "--secure-port=0", "--cloud-config=/dev/zero"));

    assertRefusedWithoutTrace(code);
    assertThat(err()).contains("--cloud-config: /dev/zero is larger than the limit of 1 MiB");
  }

  @Test
  void theEmulatorsUserAndAllowFlagsAreCheckedWithoutEchoingTokens() {
    int code = Main.run("emulator", "--port=0", "--kubeconfig-out=" + tmp.resolve("kc"), "--user=s3cr3t-token=",
        "--user=t0k=ok", "--user=t0k=again", "--allow=prometheus=get:metrics", "--allow=prometheus=get:/a*b");

    assertRefusedWithoutTrace(code);
    assertThat(err())
        .contains("--user (occurrence 1) must be TOKEN=NAME[,GROUP...]")
        .contains("--user (occurrence 3): a token given twice")
        .contains("--allow must be NAME=VERB:PATH, PATH starting with / and * only at its end, got"
            + " \"prometheus=get:metrics\"")
        .contains("got \"prometheus=get:/a*b\"")
        .doesNotContain("s3cr3t").doesNotContain("t0k");
    assertThat(tmp.resolve("kc")).as("refused before serving").doesNotExist();
  }

  @Test
  void aValueOnlyTheStartingServerCanJudgeStillExits2WithoutATrace() throws IOException {
    // Go knows RC4, so the flag parses, but this Java runtime cannot offer it: only binding the server finds out
    Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: c
          context: {cluster: c}
        current-context: c
        """);

    int code = Main.run("--cloud-provider=fake", "--kubeconfig=" + kubeconfig, "--configure-cloud-routes=false",
        "--leader-elect=false", "--secure-port=" + freePort(), "--bind-address=127.0.0.1",
        "--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA");

    assertRefusedWithoutTrace(code);
    assertThat(err()).contains("--tls-cipher-suites").contains("TLS_RSA_WITH_RC4_128_SHA");
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
  }

  private static ServingCertificate newCertificate() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return ServingCertificate.selfSigned(generator.generateKeyPair(), List.of("localhost"), Duration.ofDays(1));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
