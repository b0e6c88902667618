package dev.pigzfx.batch;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The results as a spreadsheet and a program read them back. */
class ReportsTest {

    private static final FileResult DONE = new FileResult(Path.of("/data/a,b \"x\".log"),
            Path.of("/data/a,b \"x\".log.gz"), FileStatus.SUCCESS, 1000, 250, 0x00ab12cd, false, "", 2_000_000);
    private static final FileResult FAILED = new FileResult(Path.of("/data/line\nbreak.txt"), null, FileStatus.FAILED,
            10, 0, 0, true, "cannot read /data/line\nbreak.txt: permission denied (original kept)", 1_000_000);

    private static final FileResult TESTED = new FileResult(Path.of("/data/old.gz"), Path.of("/data/old.gz"),
            FileStatus.SUCCESS, 400, 100, 0x12345678, true, "tested: 1 member, intact", 1_000_000);
    private static final Plan FIRST = plan("the first batch");
    private static final Plan SECOND = plan("the second batch");

    @Test
    void csvQuotesNamesWithCommasQuotesAndLineBreaks() {
        String csv = Reports.csv(List.of(DONE, FAILED), Arrays.asList(FIRST, FIRST));

        assertThat(csv).startsWith("file_path,source_path,status,original_size,compressed_size,ratio,crc32,"
                + "original_kept,seconds,detail,batch\r\n");
        assertThat(csv).contains("\"/data/a,b \"\"x\"\".log.gz\",\"/data/a,b \"\"x\"\".log\",success,1000,250,0.2500,"
                + "00ab12cd,false,0.002,,1\r\n");
        assertThat(csv).contains(",\"/data/line\nbreak.txt\",failed,10,0,,,true,0.001,"
                + "\"cannot read /data/line\nbreak.txt: permission denied (original kept)\",1\r\n");
    }

    @Test
    void aFileWithNoGzHasNoFilePathInEitherForm() {
        List<Plan> plans = Arrays.asList(FIRST, FIRST);

        JSONObject failed = new JSONObject(Reports.json(List.of(DONE, FAILED), plans))
                .getJSONArray("files").getJSONObject(1);
        String csvLine = Reports.csv(List.of(DONE, FAILED), plans).split("\r\n")[2];

        assertThat(failed.isNull("file_path")).isTrue();
        assertThat(failed.getString("source_path")).isEqualTo("/data/line\nbreak.txt");
        assertThat(csvLine).startsWith(",\"/data/line");
        assertThat(new JSONObject(Reports.json(null, List.of(FAILED))).getJSONArray("files").getJSONObject(0)
                .isNull("file_path")).isTrue();
    }

    @Test
    void filesOfSeveralBatchesEachNameTheBatchTheyRanIn() {
        JSONObject json = new JSONObject(Reports.json(List.of(DONE, TESTED, FAILED), Arrays.asList(SECOND, null, FIRST)));

        JSONArray files = json.getJSONArray("files");
        JSONArray batches = json.getJSONArray("batches");
        assertThat(batches.length()).isEqualTo(2);
        assertThat(files.getJSONObject(0).getInt("batch")).isEqualTo(1);
        assertThat(batches.getJSONObject(0).getJSONObject("plan").getString("reason")).isEqualTo("the second batch");
        assertThat(files.getJSONObject(1).has("batch")).isFalse();
        assertThat(files.getJSONObject(2).getInt("batch")).isEqualTo(2);
        assertThat(batches.getJSONObject(1).getJSONObject("plan").getString("reason")).isEqualTo("the first batch");
    }

    private static Plan plan(String reason) {
        return new Plan(Plan.Strategy.ADAPTIVE, 2, 100L << 20, 1, 1000, Plan.Mode.SINGLE, 1, 2, List.of(), reason);
    }

    @Test
    void jsonWithoutAPlanHasTheFilesAlone() {
        JSONObject json = new JSONObject(Reports.json(null, List.of(DONE, FAILED)));

        assertThat(json.keySet()).containsExactly("files");
        assertThat(json.getJSONArray("files").getJSONObject(0).getString("file_path")).isEqualTo("/data/a,b \"x\".log.gz");
        assertThat(json.getJSONArray("files").getJSONObject(1).getString("detail")).contains("permission denied");
    }
}
