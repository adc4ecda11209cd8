/**
 * The Sluice testkit: what users test their stages and pipelines with (virtual time, probes,
 * harnesses, a JUnit 5 extension and jqwik support).
 */
module io.sluice.testkit {
  requires transitive io.sluice.api;
  requires io.sluice.runtime;
  requires static transitive org.junit.jupiter.api;
  requires static transitive net.jqwik.api;
  requires org.slf4j;

  exports io.sluice.testkit;
  exports io.sluice.testkit.junit;
  exports io.sluice.testkit.jqwik;
  exports io.sluice.testkit.conformance;
}
