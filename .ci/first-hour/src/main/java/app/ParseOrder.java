package app;

import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.math.BigDecimal;

/** The user's one stage: parses {@code id,amount} lines, and throws on a line it cannot read. */
public final class ParseOrder implements Stage<String, Order> {

  @Override
  public void process(String line, Emitter<Order> out) {
    String[] fields = line.split(",", -1);
    if (fields.length != 2 || fields[0].isBlank()) {
      throw new IllegalArgumentException("not an order line: '" + line + "'");
    }
    out.emit(new Order(fields[0].strip(), new BigDecimal(fields[1].strip())));
  }
}
