package dev.pigzfx.cli;

import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;

import java.util.List;

/** Results in the JSON shape of PigzFX's original service API, with a few more fields. */
final class Reports {

    private Reports() {
    }

    static String json(List<FileResult> results) {
        Json json = new Json().beginObject().beginArray("files");
        for (FileResult r : results) {
            boolean ok = r.status() == FileStatus.SUCCESS;
            json.beginObject()
                    .field("file_path", (ok ? r.output() : r.source()).toString())
                    .field("original_size", r.originalSize())
                    .field("compressed_size", r.compressedSize())
                    .field("status", r.status().word())
                    .field("source_path", r.source().toString())
                    .field("original_kept", r.originalKept());
            if (ok) {
                json.field("crc32", String.format("%08x", r.crc32()));
            }
            if (!r.detail().isEmpty()) {
                json.field("detail", r.detail());
            }
            json.field("seconds", r.nanos() / 1e9).endObject();
        }
        return json.endArray().endObject().toString();
    }
}
