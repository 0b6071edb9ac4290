package dev.ccm4j.conformance.tck;

/**
 * Every contract of the TCK. A provider author's test class implements this and registers a {@link TckExtension};
 * contracts for capabilities the provider lacks are skipped.
 *
 * <pre>{@code
 * @DisplayName("[ccm4j] MyCloud TCK")
 * class MyCloudTckTest implements ProviderContracts {
 *   @RegisterExtension
 *   static final TckExtension TCK = TckExtension.of(MyCloud::new, new MyCloudFixtureFactory(), "tck");
 * }
 * }</pre>
 */
public interface ProviderContracts
    extends InstancesContract, InstancesV2Contract, LoadBalancerContract, RoutesContract, ZonesContract {}
