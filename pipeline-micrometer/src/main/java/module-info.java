/** Micrometer binding for Sluice's per-stage metrics. */
module io.sluice.micrometer {
  requires transitive io.sluice.api;
  requires transitive micrometer.core;

  exports io.sluice.micrometer;
}
