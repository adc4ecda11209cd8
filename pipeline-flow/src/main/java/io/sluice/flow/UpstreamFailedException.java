package io.sluice.flow;

/**
 * What a publisher-backed source throws when its publisher signals {@code onError}: the run then
 * fails with a {@link io.sluice.api.StageFailedException} that names the source stage and has this
 * exception as its cause, and the publisher's own error as this one's cause.
 */
public final class UpstreamFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which source's publisher failed
   * @param cause the error the publisher signalled
   */
  public UpstreamFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
