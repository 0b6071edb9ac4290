package dev.ccm4j.conformance.report;

/**
 * The templates of a k8s-conformance submission: {@code PRODUCT.yaml} with the ten fields the CNCF checks, every
 * value a placeholder to replace, and a {@code README.md} that tells how to reproduce the run.
 */
public final class ConformanceBundle {
  /** The marker every placeholder value starts with, so a forgotten one is easy to find. */
  public static final String PLACEHOLDER = "FILL-IN";

  private ConformanceBundle() {}

  /**
   * The {@code PRODUCT.yaml} template.
   *
   * @return YAML text with the fields vendor, name, version, website_url, repo_url, documentation_url,
   *     product_logo_url, type, description and contact_email_address
   */
  public static String productYaml() {
    return "# k8s-conformance PRODUCT.yaml: replace every " + PLACEHOLDER + " value before submitting.\n"
        + "# See https://github.com/cncf/k8s-conformance/blob/master/instructions.md\n"
        + "vendor: \"" + PLACEHOLDER + ": legal entity that signed the CNCF participation form\"\n"
        + "name: \"" + PLACEHOLDER + ": product name\"\n"
        + "version: \"" + PLACEHOLDER + ": product version (not the Kubernetes version)\"\n"
        + "website_url: \"" + PLACEHOLDER + ": https://example.com/product\"\n"
        + "# required for open source products, optional otherwise\n"
        + "repo_url: \"" + PLACEHOLDER + ": https://github.com/example/product\"\n"
        + "documentation_url: \"" + PLACEHOLDER + ": https://example.com/docs\"\n"
        + "# optional; SVG, AI or EPS (not PNG)\n"
        + "product_logo_url: \"" + PLACEHOLDER + ": https://example.com/logo.svg\"\n"
        + "# one of: distribution, hosted platform, installer\n"
        + "type: \"" + PLACEHOLDER + ": distribution | hosted platform | installer\"\n"
        + "description: \"" + PLACEHOLDER + ": one sentence describing the product\"\n"
        + "contact_email_address: \"" + PLACEHOLDER + ": conformance-contact@example.com\"\n";
  }

  /**
   * The {@code README.md} template.
   *
   * @param report the run whose command line reproduces it
   * @return Markdown text
   */
  public static String readme(RunReport report) {
    String version = report.kubernetesVersion().orElse(PLACEHOLDER + ": Kubernetes version");
    return "# Conformance results: " + PLACEHOLDER + " product name, Kubernetes " + version + "\n"
        + "\n"
        + "Produced by the ccm4j conformance harness (" + RunReport.SUITE_NAME + "), run `" + report.runId()
        + "`.\n"
        + "\n"
        + "## How to reproduce\n"
        + "\n"
        + "1. " + PLACEHOLDER + ": create the cluster (link the product's installation documentation) and deploy"
        + " the cloud-controller-manager under test in it.\n"
        + "2. Write a kubeconfig for that cluster.\n"
        + "3. Run the harness:\n"
        + "\n"
        + "   ```shell\n"
        + "   " + report.commandLine() + "\n"
        + "   ```\n"
        + "\n"
        + "4. Collect `k8s-conformance/e2e.log` and `k8s-conformance/junit_01.xml` from the report directory.\n";
  }
}
