package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ccm4j cloud-emulator <vendor>} run in-process (like {@link LauncherIT}) against a test-only vendor. */
class CloudEmulatorCommandIT {
  private static final Pattern ENDPOINT = Pattern.compile("(?m)^endpoint: (http://127\\.0\\.0\\.1:\\d+)$");

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A launched command, its output and its exit code. */
  private record Launched(CommandLine cli, StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {
    CloudEmulatorCommand command() {
      return cli.getSubcommands().get("cloud-emulator").getCommand();
    }

    URI endpoint() {
      await().atMost(Duration.ofSeconds(30)).until(() -> ENDPOINT.matcher(out.toString()).find() || exit.isDone());
      Matcher m = ENDPOINT.matcher(out.toString());
      assertThat(m.find()).as("stdout: %s%nstderr: %s", out, err).isTrue();
      return URI.create(m.group(1));
    }
  }

  private static Launched launch(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    return new Launched(cli, out, err, exit);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private JsonArray instances(URI endpoint) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_ccm4j/instances"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonArray();
  }

  @Test
  void servesTheVendorPrintsTheEndpointWritesAPrivateCloudConfigAndStopsCleanly() throws Exception {
    Path cloudConfig = tmp.resolve("sub/cloud-config.json");
    Launched l = launch("cloud-emulator", "launchertest", "--port=0", "--instances=2", "--region=eu-test-7",
        "--access-key-id=AKIDLAUNCH", "--access-key-secret=NeverPrintMe-9f3a", "--cloud-config-out=" + cloudConfig);
    URI endpoint = l.endpoint();

    JsonArray instances = instances(endpoint);
    assertThat(instances).hasSize(2);
    JsonObject first = instances.get(0).getAsJsonObject();
    assertThat(first.get("state").getAsString()).isEqualTo("running");
    assertThat(first.get("zone").getAsString()).isEqualTo("eu-test-7a");
    assertThat(first.keySet()).contains("id", "name", "privateIp", "zone", "state");

    JsonObject global = JsonParser.parseString(Files.readString(cloudConfig)).getAsJsonObject()
        .getAsJsonObject("Global");
    assertThat(global.get("endpoint").getAsString()).isEqualTo(endpoint.toString());
    assertThat(global.get("accessKeyId").getAsString()).isEqualTo("AKIDLAUNCH");
    assertThat(global.get("accessKeySecret").getAsString()).isEqualTo("NeverPrintMe-9f3a");
    assertThat(global.get("region").getAsString()).isEqualTo("eu-test-7");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cloudConfig))).isEqualTo("rw-------");
    try (var listing = Files.list(cloudConfig.getParent())) {
      assertThat(listing).as("no temporary file left behind").containsExactly(cloudConfig);
    }

    String printed = l.out().toString();
    assertThat(printed).contains("cloud-config written to " + cloudConfig)
        .contains("--cloud-provider=fake").contains("region eu-test-7").contains("access key id: AKIDLAUNCH")
        .doesNotContain("NeverPrintMe");
    assertThat(l.exit()).as("runs until stopped").isNotDone();

    l.command().stop();
    assertThat(l.exit().get(10, TimeUnit.SECONDS)).isZero();
    assertThat(l.err().toString()).doesNotContain("NeverPrintMe");
    assertThatThrownBy(() -> instances(endpoint)).as("the port is released").isInstanceOf(IOException.class);
  }

  @Test
  void durationEndsTheRunWithStatusZeroAndGeneratedCredentialsStayOutOfTheOutput() throws Exception {
    Path cloudConfig = tmp.resolve("generated.json");
    Launched l = launch("cloud-emulator", "LT", "--duration=1s", "--cloud-config-out=" + cloudConfig);
    URI endpoint = l.endpoint();
    assertThat(instances(endpoint)).as("three instances by default").hasSize(3);

    assertThat(l.exit().get(20, TimeUnit.SECONDS)).isZero();
    JsonObject global = JsonParser.parseString(Files.readString(cloudConfig)).getAsJsonObject()
        .getAsJsonObject("Global");
    String secret = global.get("accessKeySecret").getAsString();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(20);
    assertThat(global.get("region").getAsString()).isEqualTo("test-region-1");
    assertThat(l.out().toString()).contains("access key id: " + global.get("accessKeyId").getAsString())
        .contains("Stopping in 1s.").doesNotContain(secret);
  }

  @Test
  void withoutACloudConfigFileAGeneratedSecretIsExplainedNotPrinted() {
    Launched l = launch("cloud-emulator", "launchertest", "--duration=10ms");
    l.endpoint();
    await().atMost(Duration.ofSeconds(20)).until(l.exit()::isDone);
    assertThat(l.exit().join()).isZero();
    assertThat(l.out().toString()).contains("pass --cloud-config-out FILE");
  }

  @Test
  void anUnknownVendorExitsTwoNamingItAndTheAvailableOnes() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "cloud-emulator", "nimbus")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown cloud emulator 'nimbus'").contains("launchertest")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badFlagsExitTwoNamingTheFlag() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "cloud-emulator", "launchertest", "--port=70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--port");

    StringWriter err2 = new StringWriter();
    assertThat(run(err2, "cloud-emulator", "launchertest", "--instances=many")).isEqualTo(2);
    assertThat(err2.toString()).contains("--instances");

    StringWriter err3 = new StringWriter();
    assertThat(run(err3, "cloud-emulator", "launchertest", "--duration=forever")).isEqualTo(2);
    assertThat(err3.toString()).contains("--duration");

    StringWriter err4 = new StringWriter();
    assertThat(run(err4, "cloud-emulator", "launchertest", "--instances=-1")).isEqualTo(2);
    assertThat(err4.toString()).contains("--instances");

    StringWriter err5 = new StringWriter();
    assertThat(run(err5, "cloud-emulator")).as("the vendor is required").isEqualTo(2);
    assertThat(err5.toString()).contains("VENDOR");

    StringWriter err6 = new StringWriter();
    assertThat(run(err6, "cloud-emulator", "launchertest", "--region=BAD_R")).isEqualTo(2);
    assertThat(err6.toString()).contains("--region").contains("BAD_R");
    for (StringWriter e : new StringWriter[] {err, err2, err3, err4, err5, err6}) {
      assertThat(e.toString()).doesNotContain("\tat ");
    }
  }

  @Test
  void anUnwritableCloudConfigExitsOneBeforeAnnouncingTheEndpoint() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("cloud-emulator", "launchertest", "--cloud-config-out=" + notADirectory.resolve("cc.json"));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--cloud-config-out").doesNotContain("\tat ");
    assertThat(out.toString()).doesNotContain("endpoint:");
  }

  @Test
  void aPortInUseExitsOneWithAMessageAndNoStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      assertThat(run(err, "cloud-emulator", "launchertest", "--port=" + taken.getLocalPort())).isEqualTo(1);
      assertThat(err.toString()).contains("cannot start").contains(Integer.toString(taken.getLocalPort()))
          .doesNotContain("\tat ");
    }
  }
}
