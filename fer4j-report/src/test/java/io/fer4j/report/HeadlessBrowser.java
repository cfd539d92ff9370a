package io.fer4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens an HTML file in Debian's headless chromium and reports the rendered size of given image elements. A copy of
 * the page gets a probe script that, after load, writes each element's decoded and laid-out size into a DOM
 * attribute; {@code --dump-dom} then prints the DOM as rendered. Tests skip (with the reason) where chromium is absent.
 */
final class HeadlessBrowser {
    static final Path CHROMIUM = Path.of(System.getProperty("fer4j.chromium", "/usr/bin/chromium"));

    /** Rendered state of one {@code <img>}: decoded natural size and laid-out box. */
    record Rendered(boolean complete, int naturalWidth, int naturalHeight, int width, int height) {}

    private HeadlessBrowser() {}

    static void assumeAvailable() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM),
                "headless chromium not installed at " + CHROMIUM
                        + " (apt-get install chromium); browser rendering check skipped");
    }

    static java.util.Map<String, Rendered> render(Path html, Path workDir, List<String> ids) throws Exception {
        StringBuilder js = new StringBuilder("var ids=[");
        for (String id : ids) {
            js.append('\'').append(id).append("',");
        }
        js.append(
                "];var out=[];ids.forEach(function(id){var e=document.getElementById(id);if(!e){out.push(id+'=missing');return;}"
                        + "var r=e.getBoundingClientRect();out.push(id+'='+e.complete+':'+e.naturalWidth+':'+e.naturalHeight+':'"
                        + "+Math.round(r.width)+':'+Math.round(r.height));});return out.join(';');");
        String probed = probe(html, workDir, js.toString());
        java.util.Map<String, Rendered> result = new java.util.LinkedHashMap<>();
        for (String item : probed.split(";")) {
            String[] kv = item.split("=", 2);
            if (kv[1].equals("missing")) {
                continue;
            }
            String[] v = kv[1].split(":");
            result.put(
                    kv[0],
                    new Rendered(
                            Boolean.parseBoolean(v[0]),
                            Integer.parseInt(v[1]),
                            Integer.parseInt(v[2]),
                            Integer.parseInt(v[3]),
                            Integer.parseInt(v[4])));
        }
        return result;
    }

    /**
     * Runs {@code functionBody} (JavaScript returning a string) in the page after it has loaded and returns that
     * string, as the browser computed it from the rendered page.
     */
    static String probe(Path html, Path workDir, String functionBody) throws Exception {
        String page = Files.readString(html);
        String probe = "<script>window.addEventListener('load',function(){var d=document.createElement('pre');"
                + "d.id='fer4j-probe';d.textContent=(function(){" + functionBody + "})();"
                + "document.body.appendChild(d);});</script>";
        int end = page.lastIndexOf("</body>");
        Path probed = workDir.resolve("probed-" + html.getFileName());
        Files.writeString(probed, page.substring(0, end) + probe + page.substring(end));
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--window-size=1200,2000",
                "--dump-dom",
                probed.toUri().toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(workDir.resolve("chromium.err").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 120 s");
        }
        String dom = new String(out, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<pre id=\"fer4j-probe\">([^<]*)</pre>").matcher(dom);
        if (!m.find()) {
            throw new AssertionError("probe output not in the rendered DOM (exit " + p.exitValue() + "); stderr: "
                    + Files.readString(workDir.resolve("chromium.err")));
        }
        return unescape(m.group(1));
    }

    /** Undoes the entity escaping of {@code --dump-dom}'s text content. */
    private static String unescape(String text) {
        return text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
    }
}
