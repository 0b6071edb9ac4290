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
 * <p>Known differences from a real API server: no protobuf (JSON only; kubectl commands that send protobuf, such
 * as {@code kubectl create service}, get 415), no OpenAPI documents (use {@code kubectl --validate=false}), no
 * server-side apply, no delete-collection, no namespace cascade, pods are deleted at once (there is no kubelet),
 * pages after the first of a paginated list show the current state rather than a snapshot, and
 * {@code events.k8s.io/v1} events are stored apart from {@code core/v1} events.
 */
package dev.ccm4j.kubeapi;
