package dev.pigzfx.batch;

import dev.pigzfx.platform.Os;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results as a spreadsheet and a program read them back. Most cases use names with quotes and
 * line breaks, which Linux and macOS allow and Windows does not; one runs everywhere on this
 * system's own paths.
 */
class ReportsTest {

    private static final Plan FIRST = plan("the first batch");
    private static final Plan SECOND = plan("the second batch");
    private FileResult done;
    private FileResult unreadable;
    private FileResult tested;

    @BeforeEach
    void results() {
        if (Os.current() == Os.WINDOWS) {
            return; // the names below cannot be paths there
        }
        done = new FileResult(Path.of("/data/a,b \"x\".log"), Path.of("/data/a,b \"x\".log.gz"), FileStatus.SUCCESS,
                1000, 250, 0x00ab12cd, false, "", 2_000_000);
        unreadable = new FileResult(Path.of("/data/line\nbreak.txt"), null, FileStatus.FAILED, 10, 0, 0, true,
                "cannot read /data/line\nbreak.txt: permission denied (original kept)", 1_000_000);
        tested = new FileResult(Path.of("/data/old.gz"), Path.of("/data/old.gz"), FileStatus.SUCCESS, 400, 100,
                0x12345678, true, "tested: 1 member, intact", 1_000_000);
    }

    @Test
    void thisSystemsPathsComeBackAsTheyWereInBothForms(@TempDir Path dir) {
        Path source = dir.resolve("reports, 2026").resolve("naïve 日本語.log");
        FileResult result = new FileResult(source, source.resolveSibling("naïve 日本語.log.gz"), FileStatus.SUCCESS,
                1000, 250, 0x00ab12cd, false, "", 2_000_000);

        JSONObject file = new JSONObject(Reports.json(List.of(result), Arrays.asList(FIRST)))
                .getJSONArray("files").getJSONObject(0);
        String csv = Reports.csv(List.of(result), Arrays.asList(FIRST));

        assertThat(file.getString("source_path")).isEqualTo(source.toString());
        assertThat(file.getString("file_path")).isEqualTo(result.output().toString());
        assertThat(csv).contains("\"" + result.output() + "\",\"" + source + "\",success,");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "names with quotes and line breaks")
    void csvQuotesNamesWithCommasQuotesAndLineBreaks() {
        String csv = Reports.csv(List.of(done, unreadable), Arrays.asList(FIRST, FIRST));

        assertThat(csv).startsWith("file_path,source_path,status,original_size,compressed_size,ratio,crc32,"
                + "original_kept,seconds,detail,batch\r\n");
        assertThat(csv).contains("\"/data/a,b \"\"x\"\".log.gz\",\"/data/a,b \"\"x\"\".log\",success,1000,250,0.2500,"
                + "00ab12cd,false,0.002,,1\r\n");
        assertThat(csv).contains(",\"/data/line\nbreak.txt\",failed,10,0,,,true,0.001,"
                + "\"cannot read /data/line\nbreak.txt: permission denied (original kept)\",1\r\n");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "names with quotes and line breaks")
    void aFileWithNoGzHasNoFilePathInEitherForm() {
        List<Plan> plans = Arrays.asList(FIRST, FIRST);

        JSONObject failed = new JSONObject(Reports.json(List.of(done, unreadable), plans))
                .getJSONArray("files").getJSONObject(1);
        String csvLine = Reports.csv(List.of(done, unreadable), plans).split("\r\n")[2];

        assertThat(failed.isNull("file_path")).isTrue();
        assertThat(failed.getString("source_path")).isEqualTo("/data/line\nbreak.txt");
        assertThat(csvLine).startsWith(",\"/data/line");
        assertThat(new JSONObject(Reports.json(null, List.of(unreadable))).getJSONArray("files").getJSONObject(0)
                .isNull("file_path")).isTrue();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "names with quotes and line breaks")
    void filesOfSeveralBatchesEachNameTheBatchTheyRanIn() {
        JSONObject json = new JSONObject(Reports.json(List.of(done, tested, unreadable), Arrays.asList(SECOND, null, FIRST)));

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
        JSONObject json = new JSONObject(Reports.json(null, List.of(done, unreadable)));

        assertThat(json.keySet()).containsExactly("files");
        assertThat(json.getJSONArray("files").getJSONObject(0).getString("file_path")).isEqualTo("/data/a,b \"x\".log.gz");
        assertThat(json.getJSONArray("files").getJSONObject(1).getString("detail")).contains("permission denied");
    }
}
