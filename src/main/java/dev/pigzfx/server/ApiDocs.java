package dev.pigzfx.server;

import dev.pigzfx.About;

import java.net.URI;
import java.util.List;

/**
 * The API described twice from one list: as OpenAPI 3 ({@code /openapi.json}) for tools, and as a
 * page ({@code /docs}) for people, served by PigzFX itself, with no script and nothing fetched from
 * elsewhere.
 */
final class ApiDocs {

    private ApiDocs() {
    }

    /** One parameter of the batch endpoints. */
    private record Parameter(String name, String type, boolean required, String description) {
    }

    /** One endpoint. */
    private record Endpoint(String method, String path, String summary, boolean batch, String example) {
    }

    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("input_path", "string", true, "The file or folder, an absolute path under an allowed root."
                    + " A folder is walked, as on the command line."),
            new Parameter("compression_level", "integer", false, "1 (fastest) to 9 (smallest); default 6."),
            new Parameter("keep", "boolean", false, "Keep the originals (compress) or the .gz files (decompress);"
                    + " default false: each is removed once its output is written, synced and tested."),
            new Parameter("threads", "integer", false, "Threads in all; default every core."),
            new Parameter("strategy", "string", false, "adaptive (default) or classic."),
            new Parameter("engine", "string", false, "auto (default), zlib, libdeflate or pigz."),
            new Parameter("async", "boolean", false, "Answer 202 at once with a job URL instead of waiting."));

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/compress", "Compress a file, or every file in a folder, to FILE.gz", true,
                    "curl -X POST \"%scompress?input_path=/path/to/file.txt&compression_level=6\""),
            new Endpoint("POST", "/decompress", "Decompress FILE.gz (and every .gz in a folder) back to FILE", true,
                    "curl -X POST \"%sdecompress?input_path=/path/to/file.txt.gz\""),
            new Endpoint("POST", "/test", "Test .gz files, writing nothing", true,
                    "curl -X POST \"%stest?input_path=/path/to/folder\""),
            new Endpoint("GET", "/jobs/{id}", "A job started with async=true: its progress, and once ended, its"
                    + " result", false, "curl \"%sjobs/ID\""),
            new Endpoint("DELETE", "/jobs/{id}", "Cancel a job: every original stays, nothing half-written is left",
                    false, "curl -X DELETE \"%sjobs/ID\""),
            new Endpoint("GET", "/health", "Whether the server runs, its version and the batches running", false,
                    "curl \"%shealth\""),
            new Endpoint("GET", "/openapi.json", "This description, as OpenAPI 3", false, "curl \"%sopenapi.json\""),
            new Endpoint("GET", "/docs", "This page", false, ""));

    private static final String STATUSES = "200 the batch ran and every file succeeded or was skipped (each file's"
            + " status says which); 202 a job was started (async=true); 400 a bad parameter; 401 a token is needed or"
            + " wrong; 403 a path outside the allowed folders, a Host that is not this server's, or a request from"
            + " another web page; 404 the path or job does not exist; 405 another method is needed; 409 a batch"
            + " already runs on a path that holds this one or that it holds; 413 a request body; 429 too many batches"
            + " at once; 500 a file failed (detail names it and why; files lists every file).";

    static String openApi(URI address) {
        StringBuilder json = new StringBuilder();
        json.append("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"PigzFX\", \"version\": ")
                .append(Job.quoted(About.version())).append(", \"description\": ").append(Job.quoted(
                        "Parallel gzip on this machine: the batch of the command line, over HTTP. " + STATUSES))
                .append("}, \"servers\": [{\"url\": ").append(Job.quoted(address.toString())).append("}],")
                .append(" \"components\": {\"securitySchemes\": {\"token\": {\"type\": \"http\", \"scheme\":")
                .append(" \"bearer\"}}}, \"paths\": {");
        String lastPath = null;
        for (Endpoint e : ENDPOINTS) {
            if (e.path().equals(lastPath)) {
                json.append(", ");
            } else {
                json.append(lastPath == null ? "" : "}, ").append(Job.quoted(e.path())).append(": {");
            }
            lastPath = e.path();
            json.append(Job.quoted(e.method().toLowerCase(java.util.Locale.ROOT))).append(": {\"summary\": ")
                    .append(Job.quoted(e.summary())).append(", \"parameters\": [");
            if (e.batch()) {
                for (int i = 0; i < PARAMETERS.size(); i++) {
                    Parameter p = PARAMETERS.get(i);
                    json.append(i == 0 ? "" : ", ").append("{\"name\": ").append(Job.quoted(p.name()))
                            .append(", \"in\": \"query\", \"required\": ").append(p.required())
                            .append(", \"description\": ").append(Job.quoted(p.description()))
                            .append(", \"schema\": {\"type\": ").append(Job.quoted(p.type())).append("}}");
                }
            } else if (e.path().contains("{id}")) {
                json.append("{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\":")
                        .append(" \"string\"}}");
            }
            json.append("], \"responses\": {\"200\": {\"description\": \"See the statuses in the description\"}}}");
        }
        return json.append("}}}").toString();
    }

    static String html(URI address) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>PigzFX API</title>
                <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
                code,pre{font:13px ui-monospace,monospace;background:#f3f3f3;border-radius:4px}pre{padding:.6em;overflow:auto}
                table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
                h2{margin-top:1.6em}.m{font-weight:bold;color:#0a58ca}</style></head><body>
                <h1>PigzFX API</h1>
                """);
        page.append("<p>Version ").append(escape(About.version())).append(", at <code>").append(escape(address.toString()))
                .append("</code>. Parallel gzip on this machine: the same batch as the command line, answered with")
                .append(" its <code>--json</code> body; errors are <code>{\"detail\": \"…\"}</code>. Only paths under")
                .append(" the allowed folders are taken; with a token, send <code>Authorization: Bearer TOKEN</code>.")
                .append(" Also as <a href=\"/openapi.json\">OpenAPI 3</a>.</p>\n<h2>Endpoints</h2>\n<table>");
        for (Endpoint e : ENDPOINTS) {
            page.append("<tr><td class=\"m\">").append(e.method()).append("</td><td><code>").append(escape(e.path()))
                    .append("</code></td><td>").append(escape(e.summary()));
            if (!e.example().isEmpty()) {
                page.append("<pre>").append(escape(e.example().formatted(address))).append("</pre>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</table>\n<h2>Parameters of /compress, /decompress and /test</h2>\n<table>");
        for (Parameter p : PARAMETERS) {
            page.append("<tr><td><code>").append(p.name()).append("</code></td><td>").append(p.type())
                    .append(p.required() ? ", required" : "").append("</td><td>").append(escape(p.description()))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n<h2>Statuses</h2>\n<p>").append(escape(STATUSES)).append("</p>\n</body></html>\n");
        return page.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
