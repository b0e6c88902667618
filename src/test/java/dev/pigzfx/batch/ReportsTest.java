package dev.pigzfx.batch;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The results as a spreadsheet and a program read them back. */
class ReportsTest {

    private static final FileResult DONE = new FileResult(Path.of("/data/a,b \"x\".log"),
            Path.of("/data/a,b \"x\".log.gz"), FileStatus.SUCCESS, 1000, 250, 0x00ab12cd, false, "", 2_000_000);
    private static final FileResult FAILED = new FileResult(Path.of("/data/line\nbreak.txt"), null, FileStatus.FAILED,
            10, 0, 0, true, "cannot read /data/line\nbreak.txt: permission denied (original kept)", 1_000_000);

    @Test
    void csvQuotesNamesWithCommasQuotesAndLineBreaks() {
        String csv = Reports.csv(List.of(DONE, FAILED));

        assertThat(csv).startsWith(
                "file_path,source_path,status,original_size,compressed_size,ratio,crc32,original_kept,seconds,detail\r\n");
        assertThat(csv).contains("\"/data/a,b \"\"x\"\".log.gz\",\"/data/a,b \"\"x\"\".log\",success,1000,250,0.2500,"
                + "00ab12cd,false,0.002,\r\n");
        assertThat(csv).contains("\"/data/line\nbreak.txt\",\"/data/line\nbreak.txt\",failed,10,0,,,true,0.001,"
                + "\"cannot read /data/line\nbreak.txt: permission denied (original kept)\"\r\n");
    }

    @Test
    void jsonWithoutAPlanHasTheFilesAlone() {
        JSONObject json = new JSONObject(Reports.json(null, List.of(DONE, FAILED)));

        assertThat(json.keySet()).containsExactly("files");
        assertThat(json.getJSONArray("files").getJSONObject(0).getString("file_path")).isEqualTo("/data/a,b \"x\".log.gz");
        assertThat(json.getJSONArray("files").getJSONObject(1).getString("detail")).contains("permission denied");
    }
}
