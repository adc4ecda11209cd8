package io.sluice.examples.kafka;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.sluice.examples.sales.PricedSale;
import io.sluice.examples.sales.Sale;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** A priced sale as the CSV line the job produces: the clean sale, its category and totals. */
final class PricedSaleText {
  /** The columns of a produced line, in order. */
  static final String HEADER = "order_id,date,customer,product,category,quantity,unit_price,"
      + "currency,total,total_eur";

  private PricedSaleText() {}

  static String csv(PricedSale priced) {
    Sale sale = priced.sale();
    StringWriter text = new StringWriter();
    try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(text)) {
      writer.writeRecord(sale.orderId(), sale.date().toString(), sale.customer(),
          sale.product(), priced.category(), Integer.toString(sale.quantity()),
          sale.unitPrice().toPlainString(), sale.currency(), priced.total().toPlainString(),
          priced.totalEur().toPlainString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to a string", e);
    }
    return text.toString().stripTrailing();
  }
}
