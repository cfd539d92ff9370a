package io.fer4j.vision.decode;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's error codes in plain words: JavaCV reports "avformat_open_input() error -111: ...", which says nothing to a
 * user; the common network and file codes are named (errno values are Linux's; HTTP codes are FFmpeg's FFERRTAGs).
 */
final class FfmpegErrors {
    private static final Pattern CODE = Pattern.compile("error (-\\d+)");
    private static final Map<Integer, String> WORDS = Map.ofEntries(
            Map.entry(-2, "no such file"),
            Map.entry(-5, "I/O error"),
            Map.entry(-13, "permission denied"),
            Map.entry(-101, "network unreachable"),
            Map.entry(-104, "connection reset by the server"),
            Map.entry(-110, "timed out: no answer within --stream-timeout"),
            Map.entry(-111, "connection refused: nothing listens at that address and port"),
            Map.entry(-113, "no route to the host"),
            Map.entry(-808465656, "HTTP 400 bad request"),
            Map.entry(-825242872, "HTTP 401 unauthorized: the URL needs credentials"),
            Map.entry(-858797304, "HTTP 403 forbidden"),
            Map.entry(-875574520, "HTTP 404 not found: check the URL's path"),
            Map.entry(-1482175736, "HTTP 4xx client error"),
            Map.entry(-1482175992, "HTTP 5xx server error"),
            Map.entry(-1094995529, "invalid data: not a stream FFmpeg can read"),
            Map.entry(-541478725, "end of file"));

    private FfmpegErrors() {}

    /** {@code message} with the meaning of its FFmpeg error code added, when the code is a known one. */
    static String explain(String message) {
        Matcher m = CODE.matcher(message);
        if (!m.find()) {
            return message;
        }
        String words;
        try {
            words = WORDS.get(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return message;
        }
        return words == null ? message : words + " [" + message + "]";
    }
}
