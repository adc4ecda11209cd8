package io.sluice.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The store of {@link CheckpointStore#inFile(Path)}: the checkpoint's text in one file, replaced
 * by writing a temporary file in the same directory, forcing it to disk and moving it over the
 * old one atomically.
 */
final class FileCheckpointStore implements CheckpointStore {
  private final Path file;

  FileCheckpointStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public Optional<Checkpoint> load() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoint.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IOException("checkpoint file " + file + " holds no checkpoint: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void save(Checkpoint checkpoint) throws IOException {
    byte[] text = Checks.notNull(checkpoint, "checkpoint").toText()
        .getBytes(StandardCharsets.UTF_8);
    Path directory = file.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true); // on disk before it replaces the old checkpoint
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("checkpoint file " + file + ": the file system cannot replace a "
            + "file atomically, so a crash could leave half a checkpoint", e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public void clear() throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public String toString() {
    return "checkpoint file " + file;
  }
}
