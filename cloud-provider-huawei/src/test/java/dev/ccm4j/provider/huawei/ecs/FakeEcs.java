package dev.ccm4j.provider.huawei.ecs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * ECS and Nova as the provider sees them over HTTP, in Huawei's JSON shapes, for MockWebServer: servers with
 * addresses, interfaces and security groups, a paged {@code cloudservers/detail} honouring {@code name} (a
 * pattern, like ECS) and {@code ip_eq}, and injected failures by path fragment.
 */
final class FakeEcs extends Dispatcher {
  static final String PROJECT = "0123456789abcdef0123456789abcdef";
  private static final Pattern SERVER = Pattern.compile("/v1/" + PROJECT + "/cloudservers/([^/]+)");
  private static final Pattern INTERFACES = Pattern.compile("/v1/" + PROJECT + "/cloudservers/([^/]+)/os-interface");
  private static final Pattern SGS = Pattern.compile("/v2\\.1/" + PROJECT + "/servers/([^/]+)/os-security-groups");
  private static final Pattern ACTION = Pattern.compile("/v2\\.1/" + PROJECT + "/servers/([^/]+)/action");

  /** One server. */
  static final class Server {
    final String id;
    String name;
    String status = "ACTIVE";
    String zone = "cn-north-4a";
    String flavorId = "s6.large.2";
    String flavorName = "s6.large.2";
    String accessIpv4 = "";
    /** NIC key -> entries {addr, type(fixed|floating), version}. */
    final Map<String, List<String[]>> addresses = new LinkedHashMap<>();
    /** interfaces: port_state and fixed IPs "ip@subnet". */
    final List<Object[]> interfaces = new ArrayList<>();
    final List<String> securityGroups = new ArrayList<>(List.of("default"));

    Server(String id, String name) {
      this.id = id;
      this.name = name;
    }

    /** A fixed IP on NIC {@code nic}, also as an ACTIVE interface. */
    Server fixed(String nic, String ip) {
      address(nic, ip, "fixed", "4");
      interfaces.add(new Object[] {"ACTIVE", List.of(ip + "@subnet-" + nic)});
      return this;
    }

    Server address(String nic, String ip, String type, String version) {
      addresses.computeIfAbsent(nic, k -> new ArrayList<>()).add(new String[] {ip, type, version});
      return this;
    }

    Server iface(String state, String... ips) {
      List<String> fixed = new ArrayList<>();
      for (String ip : ips) {
        fixed.add(ip + "@subnet-x");
      }
      interfaces.add(new Object[] {state, fixed});
      return this;
    }

    JsonObject json() {
      JsonObject s = new JsonObject();
      s.addProperty("id", id);
      s.addProperty("name", name);
      s.addProperty("status", status);
      s.addProperty("OS-EXT-AZ:availability_zone", zone);
      s.addProperty("accessIPv4", accessIpv4);
      s.addProperty("accessIPv6", "");
      JsonObject flavor = new JsonObject();
      flavor.addProperty("id", flavorId);
      flavor.addProperty("name", flavorName);
      flavor.addProperty("vcpus", "2");
      flavor.addProperty("ram", "4096");
      s.add("flavor", flavor);
      JsonObject addrs = new JsonObject();
      addresses.forEach((nic, entries) -> {
        JsonArray list = new JsonArray();
        for (String[] e : entries) {
          JsonObject a = new JsonObject();
          a.addProperty("version", e[2]);
          a.addProperty("addr", e[0]);
          a.addProperty("OS-EXT-IPS:type", e[1]);
          a.addProperty("OS-EXT-IPS-MAC:mac_addr", "fa:16:3e:00:00:01");
          a.addProperty("OS-EXT-IPS:port_id", "port-" + e[0]);
          list.add(a);
        }
        addrs.add(nic, list);
      });
      s.add("addresses", addrs);
      return s;
    }
  }

  final Map<String, Server> servers = Collections.synchronizedMap(new LinkedHashMap<>());
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** path fragment -> {status, body} */
  final Map<String, Object[]> faults = Collections.synchronizedMap(new LinkedHashMap<>());
  int pageSizeCap = Integer.MAX_VALUE;

  Server add(String id, String name) {
    Server s = new Server(id, name);
    servers.put(id, s);
    return s;
  }

  void fail(String pathFragment, int status, String body) {
    faults.put(pathFragment, new Object[] {status, body});
  }

  long count(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    String query = request.getUrl().encodedQuery();
    calls.add(method + " " + path + (query == null ? "" : "?" + query));
    synchronized (faults) {
      for (Map.Entry<String, Object[]> f : faults.entrySet()) {
        if ((method + " " + path + "?" + query).contains(f.getKey())) {
          return json((Integer) f.getValue()[0], (String) f.getValue()[1]);
        }
      }
    }
    if (!PROJECT.equals(request.getHeaders().get("X-Project-Id"))) {
      return json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"no project\"}");
    }
    if (path.equals("/v1/" + PROJECT + "/cloudservers/detail") && method.equals("GET")) {
      return list(request);
    }
    java.util.regex.Matcher m;
    if ((m = INTERFACES.matcher(path)).matches()) {
      return server(m.group(1)).map(s -> json(200, interfaces(s).toString())).orElseGet(FakeEcs::notFound);
    }
    if ((m = SERVER.matcher(path)).matches()) {
      return server(m.group(1)).map(s -> {
        JsonObject o = new JsonObject();
        o.add("server", s.json());
        return json(200, o.toString());
      }).orElseGet(FakeEcs::notFound);
    }
    if ((m = SGS.matcher(path)).matches()) {
      return server(m.group(1)).map(s -> {
        JsonArray list = new JsonArray();
        for (String sg : s.securityGroups) {
          JsonObject o = new JsonObject();
          o.addProperty("id", sg);
          o.addProperty("name", sg.equals("default") ? "default" : "name-of-" + sg);
          o.addProperty("tenant_id", PROJECT);
          list.add(o);
        }
        JsonObject o = new JsonObject();
        o.add("security_groups", list);
        return json(200, o.toString());
      }).orElseGet(FakeEcs::notFound);
    }
    if ((m = ACTION.matcher(path)).matches() && method.equals("POST")) {
      Optional<Server> s = server(m.group(1));
      if (s.isEmpty()) {
        return json(404, "{\"itemNotFound\":{\"code\":404,\"message\":\"Instance could not be found\"}}");
      }
      JsonObject body = Json.parse(request.getBody().utf8());
      if (body.has("addSecurityGroup")) {
        String sg = Json.string(body, "addSecurityGroup", "name").orElse("");
        if (!s.get().securityGroups.contains(sg)) {
          s.get().securityGroups.add(sg);
        }
        return new MockResponse.Builder().code(202).build();
      }
      if (body.has("removeSecurityGroup")) {
        String sg = Json.string(body, "removeSecurityGroup", "name").orElse("");
        if (!s.get().securityGroups.remove(sg)) {
          return json(400, "{\"badRequest\":{\"code\":400,\"message\":\"Security group " + sg
              + " not associated with the instance " + s.get().id + "\"}}");
        }
        return new MockResponse.Builder().code(202).build();
      }
    }
    return json(404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"The API does not exist\"}");
  }

  private Optional<Server> server(String id) {
    return Optional.ofNullable(servers.get(id));
  }

  private MockResponse list(RecordedRequest request) {
    String name = request.getUrl().queryParameter("name");
    String ip = request.getUrl().queryParameter("ip_eq");
    int limit = Math.min(pageSizeCap, Integer.parseInt(Optional.ofNullable(request.getUrl().queryParameter("limit"))
        .orElse("25")));
    int page = Math.max(1, Integer.parseInt(Optional.ofNullable(request.getUrl().queryParameter("offset"))
        .orElse("1")));
    List<Server> matched = new ArrayList<>();
    synchronized (servers) {
      for (Server s : servers.values()) {
        if (name != null && !Pattern.compile(name).matcher(s.name).find()) {
          continue;
        }
        if (ip != null && s.addresses.values().stream().flatMap(List::stream).noneMatch(e -> e[0].equals(ip))) {
          continue;
        }
        matched.add(s);
      }
    }
    JsonArray list = new JsonArray();
    for (int i = (page - 1) * limit; i < Math.min(matched.size(), page * limit); i++) {
      list.add(matched.get(i).json());
    }
    JsonObject o = new JsonObject();
    o.addProperty("count", matched.size());
    o.add("servers", list);
    return json(200, o.toString());
  }

  private static JsonObject interfaces(Server s) {
    JsonArray list = new JsonArray();
    int n = 0;
    for (Object[] i : s.interfaces) {
      JsonObject o = new JsonObject();
      o.addProperty("port_state", (String) i[0]);
      o.addProperty("port_id", s.id + "-port-" + n++);
      o.addProperty("net_id", "net-1");
      o.addProperty("mac_addr", "fa:16:3e:00:00:01");
      JsonArray fixed = new JsonArray();
      @SuppressWarnings("unchecked")
      List<String> ips = (List<String>) i[1];
      for (String ipAtSubnet : ips) {
        String[] parts = ipAtSubnet.split("@");
        JsonObject f = new JsonObject();
        f.addProperty("ip_address", parts[0]);
        f.addProperty("subnet_id", parts[1]);
        fixed.add(f);
      }
      o.add("fixed_ips", fixed);
      list.add(o);
    }
    JsonObject o = new JsonObject();
    o.add("interfaceAttachments", list);
    return o;
  }

  private static MockResponse notFound() {
    return json(404, "{\"error\":{\"code\":\"Ecs.0114\",\"message\":\"Instance could not be found.\"}}");
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", "req-" + status).body(body).build();
  }
}
