package dev.ccm4j.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream cloud-controller-manager flags that ccm4j does not implement. Each is refused by name with the reason,
 * never silently ignored; a flag whose only supported value is upstream's "off" value is accepted with that value.
 */
final class UpstreamFlags {
  /** Flags refused whatever their value, with why. */
  static final Map<String, String> UNSUPPORTED = Map.ofEntries(
      Map.entry("--cert-dir", "certificates are generated in memory when --tls-cert-file is not given"),
      Map.entry("--tls-curve-preferences", "the JVM's default curves are used"),
      Map.entry("--tls-sni-cert-key", "SNI certificates are not supported; use --tls-cert-file"),
      Map.entry("--http2-max-streams-per-connection", "the endpoints are served over HTTP/1.1"),
      Map.entry("--authentication-kubeconfig", "delegated authentication uses --kubeconfig (or in-cluster)"),
      Map.entry("--authorization-kubeconfig", "delegated authorization uses --kubeconfig (or in-cluster)"),
      Map.entry("--authentication-tolerate-lookup-failure", "the authentication configmap is not looked up"),
      Map.entry("--client-ca-file", "client certificate authentication is not supported; use bearer tokens"),
      Map.entry("--requestheader-client-ca-file", "front-proxy authentication is not supported"),
      Map.entry("--requestheader-allowed-names", "front-proxy authentication is not supported"),
      Map.entry("--requestheader-username-headers", "front-proxy authentication is not supported"),
      Map.entry("--requestheader-uid-headers", "front-proxy authentication is not supported"),
      Map.entry("--requestheader-group-headers", "front-proxy authentication is not supported"),
      Map.entry("--requestheader-extra-headers-prefix", "front-proxy authentication is not supported"),
      Map.entry("--webhook-bind-address", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-secure-port", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-cert-dir", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-cert-file", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-private-key-file", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-cipher-suites", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-curve-preferences", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-min-version", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-tls-sni-cert-key", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--webhook-disable-http2-serving", "the cloud-controller-manager webhook server is not supported"),
      Map.entry("--vmodule", "per-file verbosity is not supported; use --v"),
      Map.entry("--log-text-split-stream", "logs always go to standard error"),
      Map.entry("--log-text-info-buffer-size", "logs are not buffered"),
      Map.entry("--log-json-split-stream", "logs always go to standard error"),
      Map.entry("--log-json-info-buffer-size", "logs are not buffered"),
      Map.entry("--external-cloud-volume-plugin", "in-tree volume plugins do not exist in ccm4j"),
      Map.entry("--use-service-account-credentials", "per-controller service accounts are not supported yet"));

  private UpstreamFlags() {}

  /**
   * The problems with unsupported flags among the arguments.
   *
   * @param args the command line
   * @return one message per unsupported flag given
   */
  static List<String> check(String[] args) {
    List<String> errors = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String why = UNSUPPORTED.get(name);
      if (why != null) {
        errors.add(name + " is an upstream flag that ccm4j does not support: " + why);
      }
    }
    return errors;
  }
}
