package dev.ccm4j.provider.inspur.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a request to the emulator goes: the token endpoint, one of the SLB REST operations (with the ids from its
 * path), a known resource path with a method it does not take, or nothing at all.
 *
 * @param kind the kind of route
 * @param slbId the SLB id from the path, or empty
 * @param listenerId the listener id from the path, or empty
 * @param realm the Keycloak realm of a token request, or empty
 */
record SlbRoute(Kind kind, String slbId, String listenerId, String realm) {
  /** The path of the SLB collection; {@code slbUrl-pre} is the endpoint plus this. */
  static final String SLBS = "/slb/v1/slbs";

  private static final Pattern TOKEN = Pattern.compile("(?:/auth)?/realms/([^/]+)/protocol/openid-connect/token/?");

  /** The routes, each with the journal label of its operation. */
  enum Kind {
    /** {@code POST <keycloakUrl>}. */
    TOKEN("Token"),
    /** {@code GET /slb/v1/slbs[?slbId=]}: a JSON array. */
    DESCRIBE_LOAD_BALANCERS("DescribeLoadBalancer"),
    /** {@code GET /slb/v1/slbs/<id>}: one object. */
    DESCRIBE_LOAD_BALANCER("DescribeLoadBalancer"),
    /** {@code PUT /slb/v1/slbs/<id>}. */
    MODIFY_LOAD_BALANCER("ModifyLoadBalancer"),
    /** {@code DELETE /slb/v1/slbs/<id>}. */
    DELETE_LOAD_BALANCER("DeleteLoadBalancer"),
    /** {@code GET /slb/v1/slbs/<id>/listeners}. */
    DESCRIBE_LISTENERS("DescribeListeners"),
    /** {@code POST /slb/v1/slbs/<id>/listeners/} (trailing slash, as the original client sends it). */
    CREATE_LISTENER("CreateListener"),
    /** {@code POST /slb/v1/slbs/<id>/listeners} without the trailing slash: not a route of the API. */
    CREATE_LISTENER_NO_SLASH("CreateListener"),
    /** {@code GET /slb/v1/slbs/<id>/listeners/<lid>}. */
    DESCRIBE_LISTENER("DescribeListener"),
    /** {@code PUT /slb/v1/slbs/<id>/listeners/<lid>}. */
    MODIFY_LISTENER("ModifyListener"),
    /** {@code DELETE /slb/v1/slbs/<id>/listeners/<lid>}. */
    DELETE_LISTENER("DeleteListener"),
    /** {@code POST /slb/v1/slbs/<id>/listeners/<lid>/members}. */
    CREATE_BACKENDS("CreateBackends"),
    /** {@code GET /slb/v1/slbs/<id>/listeners/<lid>/members}. */
    DESCRIBE_BACKENDS("DescribeBackends"),
    /** {@code DELETE /slb/v1/slbs/<id>/listeners/<lid>/members?backendIdList=[...]}. */
    REMOVE_BACKENDS("RemoveBackends"),
    /** A resource path of the SLB API with a method it does not take. */
    METHOD_NOT_ALLOWED("unknown"),
    /** Not a path of the emulated API. */
    NOT_FOUND("unknown");

    private final String operation;

    Kind(String operation) {
      this.operation = operation;
    }
  }

  /** The journal label of this route's operation. */
  String operation() {
    return kind.operation;
  }

  /** Whether the route is an SLB API call (which needs a bearer token). */
  boolean slb() {
    return kind != Kind.TOKEN && kind != Kind.NOT_FOUND;
  }

  /**
   * Whether a path is a Keycloak token endpoint (any realm, with or without the legacy {@code /auth} prefix).
   *
   * @param path the decoded path
   * @return the verdict
   */
  static boolean isTokenPath(String path) {
    return TOKEN.matcher(path).matches();
  }

  /**
   * Routes a request.
   *
   * @param method the upper-case method
   * @param path the decoded path
   * @return the route, {@link Kind#NOT_FOUND} for anything unknown
   */
  static SlbRoute parse(String method, String path) {
    Matcher token = TOKEN.matcher(path);
    if (token.matches()) {
      return new SlbRoute(Kind.TOKEN, "", "", token.group(1));
    }
    if (!path.equals(SLBS) && !path.startsWith(SLBS + "/")) {
      return of(Kind.NOT_FOUND, "", "");
    }
    String rest = path.substring(SLBS.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return of(method.equals("GET") ? Kind.DESCRIBE_LOAD_BALANCERS : Kind.METHOD_NOT_ALLOWED, "", "");
    }
    String[] s = rest.substring(1).split("/", -1);
    for (int i = 0; i < s.length; i++) {
      // an empty segment is only allowed as the trailing slash
      if (s[i].isEmpty() && i != s.length - 1) {
        return of(Kind.NOT_FOUND, "", "");
      }
    }
    String slbId = s[0];
    if (slbId.isEmpty()) {
      return of(Kind.NOT_FOUND, "", "");
    }
    if (s.length == 1) {
      return switch (method) {
        case "GET" -> of(Kind.DESCRIBE_LOAD_BALANCER, slbId, "");
        case "PUT" -> of(Kind.MODIFY_LOAD_BALANCER, slbId, "");
        case "DELETE" -> of(Kind.DELETE_LOAD_BALANCER, slbId, "");
        default -> of(Kind.METHOD_NOT_ALLOWED, slbId, "");
      };
    }
    if (!s[1].equals("listeners")) {
      return of(Kind.NOT_FOUND, "", "");
    }
    if (s.length == 2 || s.length == 3 && s[2].isEmpty()) {
      boolean slash = s.length == 3;
      return switch (method) {
        case "GET" -> of(Kind.DESCRIBE_LISTENERS, slbId, "");
        case "POST" -> of(slash ? Kind.CREATE_LISTENER : Kind.CREATE_LISTENER_NO_SLASH, slbId, "");
        default -> of(Kind.METHOD_NOT_ALLOWED, slbId, "");
      };
    }
    String listenerId = s[2];
    if (s.length == 3) {
      return switch (method) {
        case "GET" -> of(Kind.DESCRIBE_LISTENER, slbId, listenerId);
        case "PUT" -> of(Kind.MODIFY_LISTENER, slbId, listenerId);
        case "DELETE" -> of(Kind.DELETE_LISTENER, slbId, listenerId);
        default -> of(Kind.METHOD_NOT_ALLOWED, slbId, listenerId);
      };
    }
    if (s[3].equals("members") && (s.length == 4 || s.length == 5 && s[4].isEmpty())) {
      return switch (method) {
        case "GET" -> of(Kind.DESCRIBE_BACKENDS, slbId, listenerId);
        case "POST" -> of(Kind.CREATE_BACKENDS, slbId, listenerId);
        case "DELETE" -> of(Kind.REMOVE_BACKENDS, slbId, listenerId);
        default -> of(Kind.METHOD_NOT_ALLOWED, slbId, listenerId);
      };
    }
    return of(Kind.NOT_FOUND, "", "");
  }

  private static SlbRoute of(Kind kind, String slbId, String listenerId) {
    return new SlbRoute(kind, slbId, listenerId, "");
  }
}
