package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes over several route tables, against a small fake VPC API over real HTTP (the emulator's VPC has one table).
 * The fake answers DescribeRouteTableList, DescribeRouteEntryList, CreateRouteEntry, DeleteRouteEntry and
 * DescribeInstances in Alibaba's JSON shapes, entries available at once; it does not check signatures.
 */
class AlibabaRoutesMultiTableIT {
  private static final String VM = "i-multi1";
  private static final String IP = "192.168.9.9";

  private final Map<String, Map<String, String>> tables = new ConcurrentHashMap<>();
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private AlibabaCloudProvider provider;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
    server.stop(0);
  }

  @Test
  void everyConfiguredTableGetsTheRouteWhichIsListedOnceAndDeletedFromAll() {
    tables.put("vtb-1", new ConcurrentHashMap<>());
    tables.put("vtb-2", new ConcurrentHashMap<>());
    Routes routes = routes(",\"routeTableIDs\":\"vtb-1, vtb-2\"");

    routes.createRoute(CLUSTER, "uid", route("172.16.1.0/24"));

    assertThat(tables.get("vtb-1")).containsEntry("172.16.1.0/24", VM);
    assertThat(tables.get("vtb-2")).containsEntry("172.16.1.0/24", VM);
    Route listed = routes.listRoutes(CLUSTER).stream().filter(r -> r.destinationCidr().equals("172.16.1.0/24"))
        .findFirst().orElseThrow();
    assertThat(routes.listRoutes(CLUSTER)).hasSize(1);
    assertThat(listed.targetNode()).isEqualTo("node-m");
    assertThat(actions).doesNotContain("DescribeRouteTableList");

    routes.deleteRoute(CLUSTER, listed);
    assertThat(tables.get("vtb-1")).isEmpty();
    assertThat(tables.get("vtb-2")).isEmpty();
  }

  @Test
  void aRouteMissingFromOneTableIsNotListedSoItIsCreatedAgainWhereItIsMissing() {
    tables.put("vtb-1", new ConcurrentHashMap<>());
    tables.put("vtb-2", new ConcurrentHashMap<>());
    Routes routes = routes(",\"routeTableIDs\":\"vtb-1,vtb-2\"");
    routes.createRoute(CLUSTER, "uid", route("172.16.2.0/24"));
    tables.get("vtb-2").clear();

    assertThat(routes.listRoutes(CLUSTER)).isEmpty();
    routes.createRoute(CLUSTER, "uid", route("172.16.2.0/24"));
    assertThat(tables.get("vtb-2")).containsEntry("172.16.2.0/24", VM);
    assertThat(routes.listRoutes(CLUSTER)).singleElement()
        .satisfies(r -> assertThat(r.destinationCidr()).isEqualTo("172.16.2.0/24"));
  }

  @Test
  void aVpcWithSeveralTablesNeedsRouteTableIds() {
    tables.put("vtb-a", new ConcurrentHashMap<>());
    tables.put("vtb-b", new ConcurrentHashMap<>());
    Routes routes = routes("");
    assertThatThrownBy(() -> routes.listRoutes(CLUSTER)).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("2 route tables").hasMessageContaining("vtb-a").hasMessageContaining("vtb-b")
        .hasMessageContaining("routeTableIDs");
    assertThat(actions).doesNotContain("CreateRouteEntry");
  }

  @Test
  void aVpcWithOneTableNeedsNoConfiguration() {
    tables.put("vtb-only", new ConcurrentHashMap<>());
    Routes routes = routes("");
    routes.createRoute(CLUSTER, "uid", route("172.16.3.0/24"));
    assertThat(tables.get("vtb-only")).containsEntry("172.16.3.0/24", VM);
  }

  private Routes routes(String extraConfig) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String config = "{\"Global\":{\"region\":\"cn-hangzhou\",\"vpcid\":\"vpc-m\",\"accessKeyID\":\"" + b64("id")
        + "\",\"accessKeySecret\":\"" + b64("secret") + "\",\"ecsEndpoint\":\"" + url + "\",\"vpcEndpoint\":\"" + url
        + "\",\"slbEndpoint\":\"" + url + "\",\"nlbEndpoint\":\"" + url + "\",\"metadataEndpoint\":\"" + url + "\""
        + extraConfig + "}}";
    AlibabaCloudProvider p = new AlibabaCloudProviderFactory().create(CloudConfig.of(config), Map.of());
    provider = p;
    p.initialize(ProviderContext.builder(CLUSTER, name -> {
      throw new UnsupportedOperationException("no cluster");
    }).build());
    return p.routes().orElseThrow();
  }

  private static Route route(String cidr) {
    return Route.builder().targetNode("node-m").destinationCidr(cidr)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address(IP))).build();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = new LinkedHashMap<>(form(exchange.getRequestURI().getRawQuery()));
    params.putAll(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    String action = params.getOrDefault("Action", exchange.getRequestHeaders().getFirst("x-acs-action"));
    actions.add(action);
    JsonObject out = new JsonObject();
    out.addProperty("RequestId", "fake-" + actions.size());
    int status = 200;
    switch (action) {
      case "DescribeRouteTableList" -> {
        JsonArray list = new JsonArray();
        tables.keySet().stream().sorted().forEach(t -> {
          JsonObject o = new JsonObject();
          o.addProperty("RouteTableId", t);
          list.add(o);
        });
        JsonObject wrapper = new JsonObject();
        wrapper.add("RouterTableListType", list);
        out.add("RouterTableList", wrapper);
        out.addProperty("TotalCount", tables.size());
      }
      case "DescribeRouteEntryList" -> {
        JsonArray list = new JsonArray();
        tables.getOrDefault(params.get("RouteTableId"), Map.of()).forEach((cidr, hop) -> {
          if (params.get("DestinationCidrBlock") == null || params.get("DestinationCidrBlock").equals(cidr)) {
            list.add(Json.parse("{\"Type\":\"Custom\",\"Status\":\"Available\",\"DestinationCidrBlock\":\"" + cidr
                + "\",\"NextHops\":{\"NextHop\":[{\"NextHopType\":\"Instance\",\"NextHopId\":\"" + hop + "\"}]}}"));
          }
        });
        JsonObject wrapper = new JsonObject();
        wrapper.add("RouteEntry", list);
        out.add("RouteEntrys", wrapper);
      }
      case "CreateRouteEntry" -> {
        Map<String, String> table = tables.get(params.get("RouteTableId"));
        if (table.putIfAbsent(params.get("DestinationCidrBlock"), params.get("NextHopId")) != null) {
          status = 400;
          out.addProperty("Code", AlibabaRoutes.DUPLICATE);
          out.addProperty("Message", "Specified CIDR block is already exists.");
        }
      }
      case "DeleteRouteEntry" -> {
        if (!tables.get(params.get("RouteTableId")).remove(params.get("DestinationCidrBlock"),
            params.get("NextHopId"))) {
          status = 400;
          out.addProperty("Code", AlibabaRoutes.NOT_FOUND);
          out.addProperty("Message", "Route entry not exists.");
        }
      }
      case "DescribeInstances" -> {
        List<String> asked = new ArrayList<>();
        String ids = params.get("InstanceIds");
        String ips = params.get("PrivateIpAddresses");
        boolean ours = (ids != null && ids.contains(VM)) || (ips != null && ips.contains(IP));
        if (ours) {
          asked.add(VM);
        }
        JsonArray list = new JsonArray();
        asked.forEach(id -> list.add(Json.parse("{\"InstanceId\":\"" + id + "\",\"RegionId\":\"cn-hangzhou\","
            + "\"VpcAttributes\":{\"PrivateIpAddress\":{\"IpAddress\":[\"" + IP + "\"]}}}")));
        JsonObject wrapper = new JsonObject();
        wrapper.add("Instance", list);
        out.add("Instances", wrapper);
      }
      default -> {
        status = 400;
        out.addProperty("Code", "InvalidAction.NotFound");
        out.addProperty("Message", "unexpected " + action);
      }
    }
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
