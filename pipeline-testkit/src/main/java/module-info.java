/**
 * The Sluice testkit: what users test their stages and pipelines with (virtual time, probes,
 * harnesses, a JUnit 5 extension and jqwik support).
 */
module io.sluice.testkit {
  requires transitive io.sluice.api;
  requires io.sluice.runtime;

  exports io.sluice.testkit;
}
