/** The service interface through which runners execute pipeline blueprints. */
package io.sluice.api.spi;
