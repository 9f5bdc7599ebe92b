package org.rnnfield.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.io.AtomicFiles;
import org.rnnfield.io.Json;
import org.rnnfield.io.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One self-contained HTML page from result folders (anything with a summary.json: experiments,
 * train, dmft, convergence runs): per folder its headline numbers, per-parameter tables, every PNG
 * embedded as a data URI, and the settings/config and versions that produced it. The page marks
 * {@code <body data-images-total data-images-loaded>} once loaded, so a headless browser can check
 * that every figure rendered.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static void write(Path out, List<Path> dirs) throws IOException {
        List<JsonNode> summaries = new ArrayList<>();
        for (Path d : dirs) {
            summaries.add(summary(d));
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>rnnfield report</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}img{max-width:100%;border:1px solid #eee;margin:0.5em 0}")
                .append("pre{background:#f7f7f7;padding:0.8em;overflow:auto;font-size:12px}section{margin-bottom:3em}")
                .append("</style></head>\n<body>\n<h1>rnnfield report</h1>\n<p>rnnfield ").append(Provenance.VERSION)
                .append(", ").append(dirs.size()).append(" result folder(s). Figures are embedded; data files stay in the folders.</p>\n<ul>");
        for (int i = 0; i < dirs.size(); i++) {
            h.append("<li><a href=\"#r").append(i).append("\">").append(esc(title(dirs.get(i), summaries.get(i))))
                    .append("</a></li>");
        }
        h.append("</ul>\n");
        for (int i = 0; i < dirs.size(); i++) {
            section(h, i, dirs.get(i), summaries.get(i));
        }
        h.append("<script>\nwindow.addEventListener('load',function(){var im=document.images,ok=0;")
                .append("for(var i=0;i<im.length;i++){if(im[i].complete&&im[i].naturalWidth>0)ok++;}")
                .append("document.body.setAttribute('data-images-total',im.length);")
                .append("document.body.setAttribute('data-images-loaded',ok);});\n</script>\n</body></html>\n");
        AtomicFiles.writeString(out, h.toString());
    }

    private static String title(Path dir, JsonNode s) {
        String kind = s.has("experiment") ? "experiment " + s.get("experiment").asText()
                : s.has("command") ? s.get("command").asText() : "results";
        return kind + " (" + dir.getFileName() + ")";
    }

    private static JsonNode summary(Path dir) throws IOException {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            throw new org.rnnfield.model.ConfigException("report: " + dir + " has no summary.json (not a result folder)");
        }
        return Json.MAPPER.readTree(f.toFile());
    }

    private static void section(StringBuilder h, int i, Path dir, JsonNode s) throws IOException {
        h.append("<section id=\"r").append(i).append("\"><h2>").append(esc(title(dir, s))).append("</h2>\n");
        if (s.has("description")) {
            h.append("<p>").append(esc(s.get("description").asText())).append("</p>\n");
        }
        JsonNode headline = s.has("headline") ? s.get("headline") : s;
        h.append("<h3>Headline numbers</h3>\n<table>");
        List<Map.Entry<String, JsonNode>> tables = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = headline.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                tables.add(e);
            } else if (v.isValueNode() || (v.isArray() && v.size() <= 40)) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(format(v))).append("</td></tr>");
            }
        }
        h.append("</table>\n");
        for (Map.Entry<String, JsonNode> t : tables) {
            table(h, t.getKey(), t.getValue());
        }
        for (Path png : pngs(dir)) {
            String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
            h.append("<figure><img alt=\"").append(esc(png.getFileName().toString())).append("\" src=\"data:image/png;base64,")
                    .append(data).append("\"><figcaption>").append(esc(png.getFileName().toString())).append("</figcaption></figure>\n");
        }
        ObjectNode provenance = Json.object();
        for (String k : new String[]{"form", "settings", "config", "backend", "wall_seconds", "versions"}) {
            if (s.has(k)) {
                provenance.set(k, s.get(k));
            }
        }
        h.append("<h3>Settings and versions</h3>\n<pre>").append(esc(Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(provenance))).append("</pre>\n<p>Folder: <code>").append(esc(dir.toString()))
                .append("</code></p></section>\n");
    }

    private static void table(StringBuilder h, String name, JsonNode rows) {
        h.append("<h3>").append(esc(name)).append("</h3>\n<table><tr>");
        List<String> cols = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(cols::add);
        for (String c : cols) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        for (JsonNode r : rows) {
            h.append("<tr>");
            for (String c : cols) {
                h.append("<td>").append(esc(r.has(c) ? format(r.get(c)) : "")).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    static String format(JsonNode v) {
        if (v.isDouble() || v.isFloat()) {
            double d = v.asDouble();
            return Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.4g", d) : String.valueOf(d);
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(format(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return v.asText();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
