package io.sluice.examples.fraud;

/**
 * A transaction that broke a fraud rule.
 *
 * @param transaction the transaction
 * @param rule the rule it broke
 * @param detail why, for people
 */
public record Alert(CardTransaction transaction, Rule rule, String detail) {

  /**
   * Returns which transaction broke which rule, without the details, to compare with what was
   * planted.
   *
   * @return the fraud
   */
  public Fraud fraud() {
    return new Fraud(transaction.id(), rule);
  }
}
