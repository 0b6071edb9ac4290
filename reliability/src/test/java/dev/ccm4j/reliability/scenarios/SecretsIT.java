package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.ControlClient;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.launcher.e2e.ChildProcess;
import dev.ccm4j.reliability.harness.Campaign;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.InJvmApi;
import dev.ccm4j.reliability.harness.Launcher;
import dev.ccm4j.reliability.harness.LocalCcms;
import dev.ccm4j.reliability.harness.PrivateDirectory;
import dev.ccm4j.reliability.harness.Probe;
import dev.ccm4j.kubeapi.RequestMatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets: the campaign runs with credentials it knows (the Alibaba emulator's access key secret, the Inspur
 * emulator's Keycloak client secret, the API's bearer token, and a wrong bearer token the API refuses), drives the
 * CCMs through normal work, bad annotations, injected API errors and refused start-ups (credentials in malformed
 * cloud-configs), then scans for every credential (as written, base64-encoded and form-encoded) in every log of the
 * whole campaign ({@code <reports>/**}, other scenarios' too), the failsafe reports (every exception text of the
 * run), every Event, and the {@code /configz}, {@code /metrics}, {@code /healthz} and {@code /readyz} output. It
 * runs last (alphabetical order), so the campaign's other logs are there to be scanned.
 */
class SecretsIT {
  private static final String SCENARIO = "secrets";
  private static final Pattern ENDPOINT = Pattern.compile("endpoint: (\\S+)");
  private static final Pattern WRITTEN = Pattern.compile("cloud-config written to (\\S+) \\(use --cloud-provider=(\\S+) .*");
  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void noCredentialAppearsInAnyLogEventOrEndpointOutput() throws Exception {
    String hex = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(8));
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("alibaba access key secret", "RelAkSecret" + hex);
    secrets.put("inspur client secret", "rel&client=secret+" + hex);
    secrets.put("bearer token", "rel-bearer-" + hex);
    secrets.put("refused bearer token", "rel-wrong-bearer-" + hex);
    Path dir = PrivateDirectory.create("ccm4j-secrets");
    List<String> texts = new ArrayList<>();
    List<ChildProcess> processes = new ArrayList<>();
    int refusals = 0;
    int control = 0;
    try (InJvmApi api = InJvmApi.start(dir, secrets.get("bearer token"));
        SimulatedKubelets kubelets = new SimulatedKubelets(api.client("kubelets"), Duration.ofSeconds(2))) {
      CoreV1Api core = api.core();
      // Alibaba: emulator and CCM
      Path aliConfig = dir.resolve("alibaba.json");
      ChildProcess ali = Launcher.start(SCENARIO, "cloud-emulator-alibaba", List.of("cloud-emulator", "alibaba",
          "--port=0", "--instances=2", "--access-key-id=RelAkId" + hex,
          "--access-key-secret=" + secrets.get("alibaba access key secret"), "--cloud-config-out=" + aliConfig));
      processes.add(ali);
      ControlClient cloud = new ControlClient(URI.create(ali.awaitLine(ENDPOINT, START, "its endpoint")));
      ali.awaitLine(WRITTEN, START, "its cloud-config");
      for (ControlInstance i : cloud.instances()) {
        kubelets.register(i.name().toLowerCase(java.util.Locale.ROOT), List.of(
            new V1NodeAddress().type("InternalIP").address(i.privateIp())), i.providerId());
      }
      int port = Launcher.freePort();
      ChildProcess ccm = Launcher.start(SCENARIO, "ccm-alibaba", List.of("--cloud-provider=alibaba",
          "--cloud-config=" + aliConfig, "--kubeconfig=" + api.kubeconfig(), "--cluster-name=secrets",
          "--controllers=*", "--configure-cloud-routes=false", "--leader-elect=true",
          "--leader-elect-resource-name=ccm-secrets", "--secure-port=" + port, "--bind-address=127.0.0.1",
          "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics,/configz",
          "--node-monitor-period=1s", "--v=4"));
      processes.add(ccm);
      ccm.awaitLine(Pattern.compile(".*(became leader).*"), START, "that it leads");
      LocalCcms.service(core, "good", Map.of());
      LocalCcms.service(core, "bad-spec",
          Map.of("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec", "slb.huge"));
      LocalCcms.service(core, "bad-cert", Map.of(
          "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port",
          "https:80", "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id", "no-such-cert"));
      // API errors whose bodies the CCM logs
      api.server().faults().failNext(RequestMatcher.of("patch", "services"), 3, 500, "InternalError");
      api.server().faults().failNext(RequestMatcher.of("get", "nodes"), 3, 401, "Unauthorized");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && !LocalCcms.address(core, "good").isPresent()) {
        Thread.sleep(200);
      }
      assertThat(LocalCcms.address(core, "good").isPresent()).as("the good Service is served").isTrue();
      for (String path : List.of("/configz", "/metrics", "/healthz?verbose", "/readyz?verbose", "/livez?verbose")) {
        Probe.Answer a = Probe.get(port, path, Duration.ofSeconds(10));
        texts.add(a.body());
      }
      // Inspur: emulator and CCM (the client secret goes into a form-encoded token request)
      Path inspurConfig = dir.resolve("inspur.ini");
      ChildProcess ins = Launcher.start(SCENARIO, "cloud-emulator-inspur", List.of("cloud-emulator", "inspur",
          "--port=0", "--instances=1", "--access-key-id=kube-ccm",
          "--access-key-secret=" + secrets.get("inspur client secret"), "--cloud-config-out=" + inspurConfig));
      processes.add(ins);
      ins.awaitLine(ENDPOINT, START, "its endpoint");
      String inspurProvider = ins.awaitLine(Pattern.compile(".*\\(use --cloud-provider=(\\S+) .*"), START,
          "its cloud-config");
      ChildProcess ccmInspur = Launcher.start(SCENARIO, "ccm-inspur", List.of("--cloud-provider=" + inspurProvider,
          "--cloud-config=" + inspurConfig, "--kubeconfig=" + api.kubeconfig(), "--cluster-name=secrets-inspur",
          "--controllers=*", "--configure-cloud-routes=false", "--leader-elect=true",
          "--leader-elect-resource-name=ccm-secrets-inspur", "--secure-port=0", "--v=4"));
      processes.add(ccmInspur);
      ccmInspur.awaitLine(Pattern.compile(".*(became leader).*"), START, "that it leads");
      LocalCcms.service(core, "inspur-svc",
          Map.of("service.beta.kubernetes.io/inspur-load-balancer-slbid", "slb-missing"));
      Thread.sleep(5000);
      // refused start-ups with the credentials in the refused files
      String aliSecret = secrets.get("alibaba access key secret");
      String b64 = Base64.getEncoder().encodeToString(aliSecret.getBytes(StandardCharsets.UTF_8));
      List<String> bad = List.of(
          "{\"Global\": {\"accessKeyID\": \"UmVsQWtJZA==\", \"accessKeySecret\": \"" + aliSecret + "\"}}",
          "{\"Global\": {\"accessKeyID\": \"UmVsQWtJZA==\", \"accessKeySecret\": \"" + b64 + "\" oops}}",
          "Global:\n  accessKeySecret: " + b64 + "\n  accessKeyID: [\n");
      int n = 0;
      for (String content : bad) {
        Path f = dir.resolve("bad-" + n + ".json");
        Files.writeString(f, content);
        Launcher.Outcome o = Launcher.run(SCENARIO, "refused-alibaba-" + n++, List.of("--cloud-provider=alibaba",
            "--cloud-config=" + f, "--kubeconfig=" + api.kubeconfig(), "--secure-port=0"), Duration.ofSeconds(60));
        assertThat(o.exitCode()).as("exit code of a refused alibaba cloud-config").isEqualTo(2);
        refusals++;
      }
      String ini = Files.readString(inspurConfig);
      Path badIni = dir.resolve("bad.ini");
      // the secret on the line before a bad value (the format is key=value lines; lines without = are skipped)
      Files.writeString(badIni, ini + "\nclient-secret=" + secrets.get("inspur client secret")
          + "\nrequest-timeout=forever\n");
      Launcher.Outcome o = Launcher.run(SCENARIO, "refused-inspur", List.of("--cloud-provider=" + inspurProvider,
          "--cloud-config=" + badIni, "--kubeconfig=" + api.kubeconfig(), "--secure-port=0"), Duration.ofSeconds(30));
      assertThat(o.exitCode()).as("exit code of a refused inspur cloud-config").isEqualTo(2);
      refusals++;
      // a kubeconfig whose token the API refuses: the CCM retries and logs 401s
      Path wrong = dir.resolve("wrong-kubeconfig");
      Files.writeString(wrong, Files.readString(api.kubeconfig()).replace(secrets.get("bearer token"),
          secrets.get("refused bearer token")));
      Launcher.run(SCENARIO, "refused-token", List.of("--cloud-provider=local", "--kubeconfig=" + wrong,
          "--secure-port=0", "--leader-elect=true", "--leader-elect-resource-name=ccm-wrong"), Duration.ofSeconds(12));
      // a control for the scanner: the cloud-configs (deleted below, never scanned) must hold the credentials
      control = occurrences(Files.readAllBytes(aliConfig), Base64.getEncoder().encodeToString(
          secrets.get("alibaba access key secret").getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII))
          + occurrences(Files.readAllBytes(inspurConfig), secrets.get("inspur client secret")
              .getBytes(StandardCharsets.UTF_8));
      for (CoreV1Event e : core.listEventForAllNamespaces().execute().getItems()) {
        texts.add(e.getReason() + " " + e.getMessage() + " " + e.getReportingInstance());
      }
    } catch (ApiException e) {
      texts.add(e.toString() + e.getResponseBody());
      throw e;
    } finally {
      for (ChildProcess p : processes) {
        p.stop(Duration.ofSeconds(10));
      }
      PrivateDirectory.delete(dir);
    }
    // the scan: logs of the whole campaign, the run's exception texts, events and endpoint output
    Map<String, byte[]> needles = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      needles.put(s.getKey(), s.getValue().getBytes(StandardCharsets.UTF_8));
      needles.put(s.getKey() + " (base64)",
          Base64.getEncoder().encodeToString(s.getValue().getBytes(StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.US_ASCII));
      String form = URLEncoder.encode(s.getValue(), StandardCharsets.UTF_8);
      if (!form.equals(s.getValue())) {
        needles.put(s.getKey() + " (form-encoded)", form.getBytes(StandardCharsets.US_ASCII));
      }
    }
    long bytes = 0;
    int files = 0;
    Map<String, Integer> hits = new TreeMap<>();
    List<Path> haystacks = new ArrayList<>();
    for (Path root : List.of(Campaign.reports(), Path.of("target", "failsafe-reports"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("classpath"))
            .forEach(haystacks::add);
      }
    }
    for (Path p : haystacks) {
      byte[] content = Files.readAllBytes(p);
      bytes += content.length;
      files++;
      count(content, needles, Campaign.reports().relativize(p.toAbsolutePath().normalize()).toString(), hits);
    }
    for (String t : texts) {
      byte[] content = String.valueOf(t).getBytes(StandardCharsets.UTF_8);
      bytes += content.length;
      count(content, needles, "events and endpoint output", hits);
    }
    new Figures("Secrets").put("credentials", secrets.size()).put("forms searched", needles.size())
        .put("files scanned", files).put("events and endpoint texts", texts.size()).put("bytes scanned", bytes)
        .put("refused start-ups with credentials in the file", refusals)
        .put("control hits in the cloud-configs", control).put("hits", hits.isEmpty() ? 0 : hits).print();
    assertThat(control).as("the scanner finds the credentials where they are meant to be").isGreaterThanOrEqualTo(2);
    assertThat(hits).as("credentials found (where: count)").isEmpty();
  }

  private static void count(byte[] content, Map<String, byte[]> needles, String where, Map<String, Integer> hits) {
    for (Map.Entry<String, byte[]> n : needles.entrySet()) {
      int c = occurrences(content, n.getValue());
      if (c > 0) {
        hits.merge(n.getKey() + " in " + where, c, Integer::sum);
      }
    }
  }

  private static int occurrences(byte[] hay, byte[] needle) {
    int count = 0;
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      count++;
    }
    return count;
  }
}
