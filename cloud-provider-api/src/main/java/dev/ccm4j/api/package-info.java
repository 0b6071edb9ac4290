/**
 * The ccm4j provider SPI: what a cloud implements to get a Kubernetes cloud-controller-manager.
 *
 * <p>A provider implements {@link dev.ccm4j.api.CloudProvider} and registers a
 * {@link dev.ccm4j.api.CloudProviderFactory} with {@link java.util.ServiceLoader}.
 *
 * <h2>Compatibility promise</h2>
 * A provider compiled against one version of this package keeps compiling and running against every later version
 * with the same major version:
 * <ul>
 *   <li><b>Value types grow without breaking.</b> {@link dev.ccm4j.api.InstanceMetadata},
 *       {@link dev.ccm4j.api.Route}, {@link dev.ccm4j.api.Zone}, {@link dev.ccm4j.api.ProviderId},
 *       {@link dev.ccm4j.api.MetadataLookup}'s cases and the fixture types are final classes with private
 *       constructors, made only through their builders or static factories and read through accessors. A field
 *       added later gets a builder method and a default; no constructor or accessor a provider uses changes.
 *   <li><b>Capabilities grow through defaults.</b> A method added to a capability interface has a default that
 *       keeps today's behaviour, and upstream legacy methods no controller calls (for example
 *       {@link dev.ccm4j.api.Instances#addSshKeyToAllInstances}, {@link dev.ccm4j.api.Zones#getZone()},
 *       {@link dev.ccm4j.api.Clusters}) have defaults, so a new provider implements only what the controllers use.
 *   <li><b>Nothing public is removed or changed incompatibly</b> within a major version; a deprecated member stays
 *       until the next major version.
 *   <li><b>Not covered:</b> new cases of a sealed type, which a provider's exhaustive {@code switch} would have to
 *       add (test cases with {@code instanceof}), and behaviour the javadoc does not promise.
 * </ul>
 * The build enforces the first three: japicmp compares this module with a committed baseline (the last release,
 * once there is one) and fails on any binary or source incompatible change.
 */
package dev.ccm4j.api;
