package dev.ccm4j.provider.alibaba.clb;

/** The tag keys upstream's CCM puts on CLBs, which ccm4j keeps so that existing load balancers stay recognised. */
public final class ClbTags {
  /** Value: the default load balancer name of the owning Service. */
  public static final String DO_NOT_DELETE = "kubernetes.do.not.delete";
  /** Value: the cluster id; the ownership tag. */
  public static final String CLUSTER = "ack.aliyun.com";
  /** Value {@code true}: a user's CLB reused by a Service, which the controller never deletes. */
  public static final String REUSED = "kubernetes.reused.by.user";

  private ClbTags() {}
}
