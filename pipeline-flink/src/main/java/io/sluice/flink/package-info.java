/**
 * The Flink runner of Sluice: {@link io.sluice.flink.FlinkRunner} runs a blueprint as an Apache
 * Flink DataStream job, calling the same stages through the same engine code as the local runner.
 */
package io.sluice.flink;
