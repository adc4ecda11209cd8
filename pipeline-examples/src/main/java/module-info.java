/** Runnable Sluice example jobs. */
module io.sluice.examples {
  requires io.sluice.api;
  requires org.slf4j;

  exports io.sluice.examples;
}
