package io.sluice.examples.sales;

import java.util.Locale;
import java.util.Map;

/** The shop's products: their proper names and categories, looked up whatever the casing. */
final class Catalog {
  private record Product(String name, String category) {}

  private static final Map<String, Product> PRODUCTS = Map.of(
      "espresso machine", new Product("Espresso Machine", "Machines"),
      "grinder", new Product("Grinder", "Machines"),
      "coffee beans 1kg", new Product("Coffee Beans 1kg", "Coffee"),
      "decaf beans 1kg", new Product("Decaf Beans 1kg", "Coffee"),
      "milk frother", new Product("Milk Frother", "Accessories"),
      "espresso cups (6)", new Product("Espresso Cups (6)", "Accessories"),
      "descaler", new Product("Descaler", "Care"));

  /** The category of products the catalogue does not list. */
  static final String OTHER = "Other";

  private Catalog() {}

  static String canonicalName(String product) {
    Product known = PRODUCTS.get(key(product));
    return known == null ? Sale.titleCase(product) : known.name();
  }

  static String category(String product) {
    Product known = PRODUCTS.get(key(product));
    return known == null ? OTHER : known.category();
  }

  private static String key(String product) {
    return product.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
