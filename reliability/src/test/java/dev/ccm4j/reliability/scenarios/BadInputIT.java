package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.reliability.harness.Await;
import dev.ccm4j.reliability.harness.Campaign;
import dev.ccm4j.reliability.harness.Ccm;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.InJvmApi;
import dev.ccm4j.reliability.harness.Launcher;
import dev.ccm4j.reliability.harness.LocalCcms;
import dev.ccm4j.reliability.harness.PrivateDirectory;
import dev.ccm4j.reliability.harness.Services;
import dev.ccm4j.reliability.harness.Vendor;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad input corpus, against real launcher processes. Invalid flags and invalid {@code --cloud-config} files
 * (malformed YAML, JSON and INI, wrong types, missing required keys, out-of-range values, {@code /dev/zero}) must
 * each make the launcher exit 2 within seconds, naming the flag or the field, without a stack trace. Services with
 * bad specs and malformed annotations (every annotation of the local provider, and every CLB and NLB annotation of
 * the Alibaba provider as its docs list them, against the Alibaba cloud emulator) must each get a Warning event on
 * that Service, or be served when the value is documented as free-form, while a good Service created alongside gets
 * its load balancer; the CCM must not crash, and neither its log nor any event may carry a stack trace.
 */
class BadInputIT {
  private static final String SCENARIO = "bad-input";
  /** A value no documented annotation accepts (space, Unicode, punctuation), except free-form ones. */
  static final String BAD = "#bad value \u00fc\u6f22";
  private static final Pattern STACK_TRACE =
      Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by: |\\.java:\\d+\\)");
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static Path dir;
  private static InJvmApi api;

  @BeforeAll
  static void api() throws Exception {
    dir = PrivateDirectory.create("ccm4j-bad-input");
    api = InJvmApi.start(dir, "bad-input-" + Long.toHexString(System.nanoTime()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    PrivateDirectory.delete(dir);
  }

  /** One launcher run that must be refused: its arguments and the text its error must contain. */
  private record Refusal(String name, List<String> args, String names) {}

  private static Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  /**
   * Adds one refusal per cloud-config: its content and what the error must name ({@code --cloud-config} for a
   * syntax error, which names the file, its line and column; the field otherwise).
   */
  private static void cloudConfigs(List<Refusal> cases, String provider, String extension, String[][] configs)
      throws Exception {
    for (int i = 0; i < configs.length; i++) {
      String[] c = configs[i];
      Path p = file(provider + "-" + i + "." + extension, c[0]);
      cases.add(new Refusal(provider + " cloud-config " + c[1], base(provider, "--cloud-config=" + p),
          c[1].equals("--cloud-config") ? p.toString() : c[1]));
    }
  }

  private static List<String> base(String provider, String... more) {
    List<String> a = new ArrayList<>(List.of("--cloud-provider=" + provider, "--kubeconfig=" + api.kubeconfig(),
        "--secure-port=0", "--leader-elect=false"));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void invalidFlagsAndCloudConfigsExitTwoNamingTheFlagOrField() throws Exception {
    List<Refusal> cases = new ArrayList<>();
    String[][] flags = {
        {"--cloud-provider=no-such-cloud", "--cloud-provider: unknown cloud provider \"no-such-cloud\""},
        {"--secure-port=70000", "--secure-port"},
        {"--bind-address=999.1.1.1", "--bind-address"},
        {"--leader-elect-lease-duration=banana", "--leader-elect-lease-duration"},
        {"--kube-api-qps=-1", "--kube-api-qps"},
        {"--kube-api-burst=0", "--kube-api-burst"},
        {"--concurrent-service-syncs=0", "--concurrent-service-syncs"},
        {"--node-monitor-period=1ns", "--node-monitor-period"},
        {"--controllers=no-such-controller", "--controllers"},
        {"--feature-gates=NoSuchGate=maybe", "--feature-gates"},
        {"--cluster-cidr=10.0.0.0/33", "--cluster-cidr"},
        {"--tls-cert-file=/no/such/cert.pem", "--tls-cert-file"},
        {"--tls-cipher-suites=NOT_A_SUITE", "--tls-cipher-suites"},
        {"--logging-format=xml", "--logging-format"},
        {"--no-such-flag=1", "--no-such-flag"},
        {"--kubeconfig=/no/such/kubeconfig", "--kubeconfig"},
        {"--cloud-config=/dev/zero", "--cloud-config"},
        {"--cloud-config=/no/such/cloud-config", "--cloud-config"},
    };
    for (String[] f : flags) {
      List<String> args = base("local");
      args.add(f[0]);
      if (f[0].startsWith("--secure-port") || f[0].startsWith("--tls") || f[0].startsWith("--bind")) {
        args.remove("--secure-port=0");
      }
      if (f[0].startsWith("--kubeconfig")) {
        args.remove("--kubeconfig=" + api.kubeconfig());
      }
      if (f[0].startsWith("--cloud-provider")) {
        args.remove("--cloud-provider=local");
      }
      cases.add(new Refusal("flag " + f[0].replaceAll("=.*", ""), args, f[1]));
    }
    // local (YAML)
    String[][] local = {
        {"zone: [unclosed\n", "--cloud-config"},
        {"zone: [1, 2]\n", "zone"},
        {"loadBalancer:\n  addressPool: not-an-ip\n", "addressPool"},
        {"loadBalancer:\n  healthCheckInterval: soon\n", "healthCheckInterval"},
        {"nodes:\n  n1:\n    state: exploded\n", "state"},
        {"nodes:\n  n1:\n    addresses: [{type: Sideways, address: 10.0.0.1}]\n", "type"},
        {"noSuchKey: 1\n", "noSuchKey"},
    };
    cloudConfigs(cases, "local", "yaml", local);
    // alibaba (JSON/YAML): credentials are never echoed, so a plain key where the base64 belongs names the key only
    String[][] alibaba = {
        {"{\"Global\": {\"region\": ", "--cloud-config"},
        {"{\"Global\": {\"accessKeyID\": \"bm90LWEta2V5\"}}", "accessKeySecret"},
        {"{\"Global\": {\"accessKeyID\": \"!!not base64!!\", \"accessKeySecret\": \"c2VjcmV0\"}}", "accessKeyID"},
        {"{\"Global\": {\"region\": \"CN HANGZHOU\", \"vpcid\": \"vpc-1\", \"vswitchid\": \"vsw-1\"}}", "region"},
        {"{\"Global\": {\"serviceMaxConcurrentReconciles\": \"many\"}}", "serviceMaxConcurrentReconciles"},
        {"{\"Global\": {\"disablePublicSLB\": [true]}}", "disablePublicSLB"},
    };
    cloudConfigs(cases, "alibaba", "json", alibaba);
    // huawei (INI)
    String[][] huawei = {
        {"[Global\nregion = cn-north-4\n", "--cloud-config"},
        {"[Global]\naccess-key = AK\n", "region"},
        {"[Global]\nregion = cn-north-4\naccess-key = AK\n", "secret-key"},
    };
    cloudConfigs(cases, "huawei", "ini", huawei);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    Map<Refusal, Future<Launcher.Outcome>> runs = new LinkedHashMap<>();
    int n = 0;
    for (Refusal r : cases) {
      String log = "refusal-" + n++;
      runs.put(r, pool.submit(() -> Launcher.run(SCENARIO, log, r.args(), Duration.ofSeconds(60))));
    }
    List<String> problems = new ArrayList<>();
    long slowest = 0;
    for (Map.Entry<Refusal, Future<Launcher.Outcome>> e : runs.entrySet()) {
      Refusal r = e.getKey();
      Launcher.Outcome o = e.getValue().get();
      slowest = Math.max(slowest, o.millis());
      String out = o.output();
      if (o.exitCode() != 2) {
        problems.add(r.name() + ": exit " + o.exitCode() + " (want 2): " + tail(out));
      } else if (!out.contains(r.names())) {
        problems.add(r.name() + ": the error does not name " + r.names() + ": " + tail(out));
      }
      if (STACK_TRACE.matcher(out).find()) {
        problems.add(r.name() + ": a stack trace: " + tail(out));
      }
    }
    pool.shutdown();
    new Figures("Bad input: flags and cloud-configs").put("runs", cases.size())
        .put("exit 2 naming the flag or field", cases.size() - problems.size())
        .put("slowest refusal", String.format(java.util.Locale.ROOT, "%.1f s", slowest / 1e3))
        .put("problems", problems.size()).print();
    assertThat(problems).as("refusals that were not an exit 2 naming the flag or field without a trace").isEmpty();
  }

  @Test
  void badServicesOfTheLocalProviderGetWarningsAndOthersAreServed() throws Exception {
    CoreV1Api core = api.core();
    try (SimulatedKubelets kubelets = new SimulatedKubelets(api.client("kubelets"), Duration.ofSeconds(2));
        LocalCcms.Process ccm = LocalCcms.start(SCENARIO, "ccm-local", api)) {
      kubelets.register("node-a", List.of(new V1NodeAddress().type("InternalIP").address("127.0.0.1")));
      String ranges = "service.beta.kubernetes.io/load-balancer-source-ranges";
      Map<String, V1Service> bad = new LinkedHashMap<>();
      bad.put("ranges-garbage", svc("ranges-garbage", Map.of(ranges, "not-a-cidr,%%%"), tcp(80)));
      bad.put("ranges-unicode", svc("ranges-unicode", Map.of(ranges, "\uff11\uff10.0.0.0/8"), tcp(80)));
      bad.put("ranges-bad-value", svc("ranges-bad-value", Map.of(ranges, BAD), tcp(80)));
      bad.put("ranges-huge", svc("ranges-huge", Map.of(ranges, "10.0.0.0/8,".repeat(20_000) + "x"), tcp(80)));
      bad.put("ip-outside-pool", svc("ip-outside-pool", Map.of(), tcp(80)));
      bad.get("ip-outside-pool").getSpec().loadBalancerIP("192.0.2.77");
      bad.put("sctp-only", svc("sctp-only", Map.of(), List.of(new V1ServicePort().name("s").protocol("SCTP")
          .port(9000).targetPort(new IntOrString(9000)))));
      List<V1ServicePort> hundred = new ArrayList<>();
      for (int p = 0; p < 100; p++) {
        hundred.add(new V1ServicePort().name("p" + p).protocol("TCP").port(20_000 + p)
            .targetPort(new IntOrString(8080)));
      }
      Map<String, V1Service> good = new LinkedHashMap<>();
      good.put("good", svc("good", Map.of(), tcp(80)));
      good.put("hundred-ports", svc("hundred-ports", Map.of(), hundred));
      String longName = "l" + "o".repeat(61) + "g";
      good.put(longName, svc(longName, Map.of("description", "\u65e5\u672c\u8a9e \u00e9\u00e8 \ud83d\ude80 "
          + "x".repeat(4000)), tcp(81)));
      // the API validates some of it itself (as the real one does): what it refuses never reaches the CCM
      Map<String, String> refusedByApi = new TreeMap<>();
      for (V1Service s : bad.values()) {
        try {
          core.createNamespacedService("default", s).execute();
        } catch (ApiException e) {
          assertThat(e.getCode()).as("the API's answer to " + s.getMetadata().getName()).isEqualTo(422);
          refusedByApi.put(s.getMetadata().getName(), "422");
        }
      }
      for (V1Service s : good.values()) {
        core.createNamespacedService("default", s).execute();
      }
      Set<String> reachCcm = new TreeSet<>(bad.keySet());
      reachCcm.removeAll(refusedByApi.keySet());
      Outcome o = awaitOutcome(core, reachCcm, good.keySet());
      assertThat(ccm.process().alive()).as("the CCM survived the bad Services").isTrue();
      String log = Files.readString(ccm.process().log(), StandardCharsets.UTF_8);
      o.figures("Bad input: local provider Services").put("refused by the API", refusedByApi.keySet())
          .put("stack traces in the CCM log",
          STACK_TRACE.matcher(log).find() ? "yes" : 0).print();
      o.assertClean();
      assertThat(STACK_TRACE.matcher(log).find()).as("a stack trace in the CCM log").isFalse();
      for (String s : List.of("good", "hundred-ports")) {
        core.deleteNamespacedService(s, "default").execute();
      }
    }
  }

  @Test
  void everyAlibabaAnnotationWithAMalformedValueIsRefusedAndAGoodServiceIsServed() throws Exception {
    Map<String, String> annotations = new TreeMap<>();
    annotations.putAll(documented("alibaba-clb-annotations.md", "clb"));
    annotations.putAll(documented("alibaba-nlb-annotations.md", "nlb"));
    try (Campaign campaign = Campaign.start("bad-input-alibaba", Vendor.ALIBABA, 2)) {
      campaign.run(() -> {
        campaign.joinNodes();
        Ccm ccm = campaign.startCcm("ccm-a");
        ccm.awaitLeading(Duration.ofSeconds(90));
        CoreV1Api core = campaign.core();
        Map<String, String> byService = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
          boolean nlb = e.getValue().equals("nlb");
          String name = (nlb ? "nlb-" : "clb-") + n++;
          V1Service s = svc(name, Map.of("service.beta.kubernetes.io/alibaba-cloud-" + e.getKey(), BAD), tcp(80));
          if (nlb) {
            s.getSpec().loadBalancerClass("alibabacloud.com/nlb");
          }
          core.createNamespacedService("default", s).execute();
          byService.put(name, e.getValue() + " " + e.getKey());
        }
        core.createNamespacedService("default", svc("good-clb", Map.of(), tcp(80))).execute();
        V1Service nlbGood = svc("good-nlb", Map.of(), tcp(80));
        nlbGood.getSpec().loadBalancerClass("alibabacloud.com/nlb");
        core.createNamespacedService("default", nlbGood).execute();
        Outcome o = awaitOutcome(core, byService.keySet(), Set.of("good-clb", "good-nlb"));
        assertThat(ccm.process().alive()).as("the CCM survived the bad annotations").isTrue();
        String log = Files.readString(ccm.process().log(), StandardCharsets.UTF_8);
        List<String> accepted = new ArrayList<>();
        for (String s : o.served) {
          if (byService.containsKey(s)) {
            accepted.add(byService.get(s));
          }
        }
        o.figures("Bad input: Alibaba CLB and NLB annotations")
            .put("annotations", annotations.size())
            .put("accepted as free-form", accepted.isEmpty() ? "none" : accepted)
            .put("stack traces in the CCM log", STACK_TRACE.matcher(log).find() ? "yes" : 0).print();
        o.assertClean();
        assertThat(STACK_TRACE.matcher(log).find()).as("a stack trace in the CCM log").isFalse();
      });
    }
  }

  /** The annotation suffixes a provider's docs list in their tables, with a tag. */
  static Map<String, String> documented(String doc, String tag) throws Exception {
    Path p = Path.of("..", "docs", "providers", doc);
    Map<String, String> m = new TreeMap<>();
    Pattern row = Pattern.compile("^\\| (`[^|]+)\\|");
    Pattern name = Pattern.compile("`([a-z0-9][a-z0-9.-]*)`");
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      Matcher r = row.matcher(line);
      if (!r.find()) {
        continue;
      }
      Matcher nm = name.matcher(r.group(1));
      while (nm.find()) {
        if (nm.group(1).startsWith("loadbalancer") || nm.group(1).contains("-")) {
          m.put(nm.group(1), tag);
        }
      }
    }
    return m;
  }

  private static V1ServicePort tcpPort(int port) {
    return new V1ServicePort().name("p" + port).protocol("TCP").port(port).targetPort(new IntOrString(8080));
  }

  private static List<V1ServicePort> tcp(int port) {
    return List.of(tcpPort(port));
  }

  private static V1Service svc(String name, Map<String, String> annotations, List<V1ServicePort> ports) {
    return new V1Service().metadata(new V1ObjectMeta().name(name).annotations(new LinkedHashMap<>(annotations))
            .labels(Map.of("reliability", "campaign")))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", name)).ports(new ArrayList<>(ports)));
  }

  /** Which Services were served, which warned, what the warnings said. */
  private static final class Outcome {
    final Set<String> served = new TreeSet<>();
    final Map<String, String> warned = new TreeMap<>();
    final Set<String> neither = new TreeSet<>();
    final Set<String> goodUnserved = new TreeSet<>();
    final List<String> tracesInEvents = new ArrayList<>();
    long millis;
    int bad;

    Figures figures(String scenario) {
      return new Figures(scenario).put("bad Services reaching the CCM", bad)
          .put("warned", warned.size()).put("neither warned nor served", neither.isEmpty() ? 0 : neither)
          .put("good Services served", goodUnserved.isEmpty() ? "all" : "not " + goodUnserved)
          .put("settled in", String.format(java.util.Locale.ROOT, "%.1f s", millis / 1e3))
          .put("example warning", warned.values().stream().findFirst().orElse("-").replace('|', '/'));
    }

    void assertClean() {
      assertThat(goodUnserved).as("good Services without a load balancer").isEmpty();
      assertThat(neither).as("bad Services that got neither a Warning event nor a load balancer").isEmpty();
      assertThat(tracesInEvents).as("events carrying a stack trace").isEmpty();
    }
  }

  private static Outcome awaitOutcome(CoreV1Api core, Set<String> bad, Set<String> good) throws Exception {
    long t0 = System.nanoTime();
    Outcome[] last = new Outcome[1];
    try {
      Await.until("every bad Service warned or served and every good one served", CONVERGE, () -> {
        last[0] = outcome(core, bad, good);
        return last[0].neither.isEmpty() && last[0].goodUnserved.isEmpty();
      });
    } catch (AssertionError e) {
      // reported by the figures and the assertions
    }
    Outcome o = last[0] == null ? outcome(core, bad, good) : last[0];
    o.millis = (System.nanoTime() - t0) / 1_000_000;
    return o;
  }

  private static Outcome outcome(CoreV1Api core, Set<String> bad, Set<String> good) {
    Outcome o = new Outcome();
    o.bad = bad.size();
    try {
      Map<String, String> warnings = new TreeMap<>();
      for (CoreV1Event e : core.listNamespacedEvent("default").execute().getItems()) {
        if (!"Warning".equals(e.getType()) || e.getInvolvedObject() == null
            || !"Service".equals(e.getInvolvedObject().getKind())) {
          continue;
        }
        String msg = e.getReason() + ": " + Optional.ofNullable(e.getMessage()).orElse("");
        if (STACK_TRACE.matcher(msg).find()) {
          o.tracesInEvents.add(msg);
        }
        warnings.putIfAbsent(e.getInvolvedObject().getName(), msg.length() > 300 ? msg.substring(0, 300) : msg);
      }
      Map<String, Boolean> addr = new TreeMap<>();
      for (V1Service s : core.listNamespacedService("default").execute().getItems()) {
        addr.put(s.getMetadata().getName(), Services.address(s).isPresent());
      }
      for (String b : bad) {
        if (warnings.containsKey(b)) {
          o.warned.put(b, warnings.get(b));
        } else if (Boolean.TRUE.equals(addr.get(b))) {
          o.served.add(b);
        } else {
          o.neither.add(b);
        }
      }
      for (String g : good) {
        if (Boolean.TRUE.equals(addr.get(g))) {
          o.served.add(g);
        } else {
          o.goodUnserved.add(g);
        }
      }
    } catch (ApiException e) {
      throw new IllegalStateException("listing failed: " + e.getCode(), e);
    }
    return o;
  }

  private static String tail(String out) {
    String s = out.strip();
    s = s.length() > 400 ? s.substring(s.length() - 400) : s;
    return s.replace('\n', ' ');
  }

}
