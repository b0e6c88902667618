package dev.pigzfx.engine;

/**
 * What an engine read and wrote. {@code crc32} is computed over the bytes as they were read, so a
 * caller can compare it with what the integrity test finds after decompressing the output.
 */
public record CompressionResult(long bytesRead, long bytesWritten, int crc32) {
}
