package io.sluice.connectors.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A CSV file as its source opens it: from the start, or, to resume, from a byte offset where a
 * line starts. Seeking needs a charset in which a line start can be found and decoded from
 * (UTF-8, or one byte per character with CR and LF as in ASCII); for others the source resumes by
 * line only.
 *
 * @param path the file
 * @param charset its encoding
 */
record CsvFile(Path path, Charset charset) implements ReaderOpener {

  @Override
  public Reader open() throws IOException {
    return openAt(0);
  }

  /**
   * Opens a reader from {@code offset} on.
   *
   * @param offset a byte offset in the file
   * @return the reader, decoding strictly (an invalid byte fails the read)
   * @throws IOException if the file cannot be opened
   */
  Reader openAt(long offset) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      channel.position(offset);
      // no BufferedReader: the parser buffers, and a decoder read directly hands on every
      // character before an invalid byte, so its line can be found (CountingReader)
      return new InputStreamReader(new BufferedInputStream(Channels.newInputStream(channel)),
          charset.newDecoder());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Tells whether a position can carry a byte offset to seek to. */
  boolean seekable() {
    return isUtf8() || charset.newEncoder().maxBytesPerChar() == 1
        && Arrays.equals("\r\n".getBytes(charset), new byte[] {'\r', '\n'});
  }

  /** Tells whether the file is UTF-8 (else, when seekable, one byte per character). */
  boolean isUtf8() {
    return charset.equals(StandardCharsets.UTF_8);
  }

  /**
   * Says why a line cannot start at {@code offset} in the file as it is now, or {@code null} if
   * one can: the offset must be inside the file, just after a line break.
   *
   * @throws IOException if the file cannot be read
   */
  String notALineStart(long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (offset >= size) {
        return "the file has " + size + " bytes now, so the offset is past its end";
      }
      if (offset == 0) {
        return null;
      }
      ByteBuffer before = ByteBuffer.allocate(1);
      channel.read(before, offset - 1);
      byte b = before.get(0);
      return b == '\n' || b == '\r' ? null
          : "no line starts at byte " + offset + " of the file now";
    }
  }
}
