/**
 * The typed round trip of the Kubernetes API emulator: every write of a built-in type is stored as kube-apiserver
 * stores it, through {@link dev.ccm4j.kubeapi.typed.TypedObjects}.
 */
package dev.ccm4j.kubeapi.typed;
