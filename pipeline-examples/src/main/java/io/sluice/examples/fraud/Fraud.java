package io.sluice.examples.fraud;

/**
 * A transaction and the rule it breaks: what the generator planted, or what an alert found.
 *
 * @param transactionId the transaction's number
 * @param rule the rule
 */
public record Fraud(long transactionId, Rule rule) {}
