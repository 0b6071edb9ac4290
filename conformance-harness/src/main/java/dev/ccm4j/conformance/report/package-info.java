/**
 * The report files of a conformance run, in the formats their consumers read: a TestGrid build folder
 * ({@code started.json}, {@code finished.json}, {@code build-log.txt}, {@code artifacts/junit_01.xml} in Ginkgo v2's
 * shape), an upstream-shaped {@code e2e.log}, a k8s-conformance submission folder and a Markdown summary.
 */
package dev.ccm4j.conformance.report;
