package io.sluice.examples.fraud;

import java.util.List;

/** Where card transactions happen: European home cities, and far-away ones. */
public enum City {
  PARIS("Paris", 48.8566, 2.3522, true),
  LYON("Lyon", 45.7640, 4.8357, true),
  BERLIN("Berlin", 52.5200, 13.4050, true),
  MADRID("Madrid", 40.4168, -3.7038, true),
  ROME("Rome", 41.9028, 12.4964, true),
  LONDON("London", 51.5074, -0.1278, true),
  AMSTERDAM("Amsterdam", 52.3676, 4.9041, true),
  VIENNA("Vienna", 48.2082, 16.3738, true),
  NEW_YORK("New York", 40.7128, -74.0060, false),
  TOKYO("Tokyo", 35.6762, 139.6503, false),
  SYDNEY("Sydney", -33.8688, 151.2093, false),
  SAO_PAULO("Sao Paulo", -23.5505, -46.6333, false),
  SINGAPORE("Singapore", 1.3521, 103.8198, false);

  private static final double EARTH_RADIUS_KM = 6371.0;
  private static final List<City> HOMES = List.of(values()).stream().filter(c -> c.home).toList();
  private static final List<City> FAR = List.of(values()).stream().filter(c -> !c.home).toList();

  private final String label;
  private final double latitude;
  private final double longitude;
  private final boolean home;

  City(String label, double latitude, double longitude, boolean home) {
    this.label = label;
    this.latitude = latitude;
    this.longitude = longitude;
    this.home = home;
  }

  /** The cities cards are issued in; all within about 2,000 km of each other. */
  static List<City> homes() {
    return HOMES;
  }

  /** The cities more than 5,000 km from every home city. */
  static List<City> farAway() {
    return FAR;
  }

  /**
   * Returns the great-circle distance to another city.
   *
   * @param other the other city
   * @return the distance in kilometres
   */
  public double distanceKm(City other) {
    double dLat = Math.toRadians(other.latitude - latitude);
    double dLon = Math.toRadians(other.longitude - longitude);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude))
        * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  @Override
  public String toString() {
    return label;
  }
}
