/**
 * An in-JVM Kubernetes API server emulator for tests, the Java counterpart of envtest.
 *
 * <p>{@link dev.ccm4j.kubeapi.KubeApiServer} serves discovery, CRUD with resourceVersion
 * preconditions, status subresources, JSON/merge/strategic patches, finalizer-aware deletion, lists with label
 * and field selectors and pagination, and watches with history replay, bookmarks and 410 Expired, over HTTP or
 * HTTPS. Tests script misbehaviour through {@link dev.ccm4j.kubeapi.FaultInjector}, assert on traffic
 * through {@link dev.ccm4j.kubeapi.RequestJournal}. Authentication is real: a {@code TokenReview}
 * authenticates exactly the tokens the emulator itself accepts (its bearer token and any extra users), and a
 * {@code SubjectAccessReview} answers from an {@link dev.ccm4j.kubeapi.AccessPolicy} (by default the
 * emulator's own users may do everything, nobody else anything); see
 * {@link dev.ccm4j.kubeapi.AccessReviews}. Writes are validated as the real server validates them: name
 * formats per kind, labels, annotations and the Service spec, answered with its 422 wording.
 *
 * <p>Bodies are JSON, YAML or protobuf, answers protobuf when the client prefers it; every write of a built-in
 * type goes through the typed round trip (unknown fields dropped, warned about or refused per
 * {@code fieldValidation}), records {@code managedFields}, and honours {@code dryRun=All}; server-side apply,
 * deletecollection, namespace termination through {@code Terminating}, {@code /scale} and the OpenAPI v2 and v3
 * documents are served.
 *
 * <p>Known differences from a real API server: pods are deleted at once (there is no kubelet), there is no garbage
 * collector (owner references do not cascade), pages after the first of a paginated list show the current state
 * rather than a snapshot, and {@code events.k8s.io/v1} events are stored apart from {@code core/v1} events.
 */
package dev.ccm4j.kubeapi;
