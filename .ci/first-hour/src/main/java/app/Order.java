package app;

import java.math.BigDecimal;

/** An order, as the user's job reads it. */
public record Order(String id, BigDecimal amount) {}
