/**
 * Protobuf request and response bodies ({@code application/vnd.kubernetes.protobuf}) for the emulator's built-in
 * types, as kube-apiserver speaks them: the {@code k8s\0} envelope around a {@code runtime.Unknown} that names the
 * type, the generated messages of {@code io.kubernetes:client-java-proto}, and length-delimited
 * {@code meta.v1.WatchEvent} frames for {@code ;stream=watch}. The entry point is
 * {@link dev.ccm4j.kubeapi.proto.ProtobufCodec}; everything is converted to and from the Kubernetes JSON form
 * through the messages' descriptors, so the rest of the emulator keeps working on JSON.
 */
package dev.ccm4j.kubeapi.proto;
