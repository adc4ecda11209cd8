/**
 * jqwik support: {@link io.sluice.testkit.jqwik.SluiceProperties} (a tester per try and the leak
 * check), {@link io.sluice.testkit.jqwik.SluiceArbitraries} (dispatch settings, record lists, timed
 * inputs, fault plans) and the ready-made
 * {@link io.sluice.testkit.jqwik.StatelessPipelineProperties}.
 */
package io.sluice.testkit.jqwik;
