package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fer4j.audio.AudioChunking.Chunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioChunkingTest {
    private final AudioChunking oneSecond = AudioChunking.ofSeconds(1.0, 0.0);

    @Test
    void wholeSecondsGiveFullChunks() {
        assertEquals(
                List.of(new Chunk(0, 0, 16000, 16000, false), new Chunk(1, 16000, 16000, 16000, true)),
                oneSecond.chunks(32000));
    }

    @Test
    void theLastChunkIsShorterNotPadded() {
        assertEquals(
                List.of(
                        new Chunk(0, 0, 16000, 16000, false),
                        new Chunk(1, 16000, 16000, 16000, false),
                        new Chunk(2, 32000, 8000, 8000, true)),
                oneSecond.chunks(40000));
    }

    @Test
    void aRemainderBelowTheReceptiveFieldIsDropped() {
        assertEquals(
                List.of(new Chunk(0, 0, 16000, 16000, false), new Chunk(1, 16000, 16000, 16000, true)),
                oneSecond.chunks(32399));
        assertEquals(3, oneSecond.chunks(32400).size());
    }

    @Test
    void aSignalShorterThanTheReceptiveFieldIsPadded() {
        assertEquals(List.of(new Chunk(0, 0, 300, 400, true)), oneSecond.chunks(300));
        assertEquals(List.of(new Chunk(0, 0, 0, 400, true)), oneSecond.chunks(0));
        assertEquals(List.of(new Chunk(0, 0, 9000, 9000, true)), oneSecond.chunks(9000));
    }

    @Test
    void withoutOverlapEveryRowIsKept() {
        List<Chunk> c = oneSecond.chunks(40000);
        assertArrayEquals(new int[] {0, 49}, oneSecond.keptRows(c.get(0), 49, 49));
        assertArrayEquals(new int[] {0, 49}, oneSecond.keptRows(c.get(1), 49, 49));
        assertArrayEquals(new int[] {0, 24}, oneSecond.keptRows(c.get(2), 24, 49));
    }

    @Test
    void overlapKeepsTheCentreOfEachWindow() {
        // 1 s chunks, 0.5 s overlap: hop 8000; T = 49 → keep round(24.5) = 25, trim (49-25)/2 = 12
        AudioChunking half = AudioChunking.ofSeconds(1.0, 0.5);
        List<Chunk> c = half.chunks(32000); // starts 0, 8000, 16000 (reaches the end)
        assertEquals(
                List.of(
                        new Chunk(0, 0, 16000, 16000, false),
                        new Chunk(1, 8000, 16000, 16000, false),
                        new Chunk(2, 16000, 16000, 16000, true)),
                c);
        assertArrayEquals(new int[] {0, 37}, half.keptRows(c.get(0), 49, 49));
        assertArrayEquals(new int[] {12, 37}, half.keptRows(c.get(1), 49, 49));
        assertArrayEquals(new int[] {12, 49}, half.keptRows(c.get(2), 49, 49));
        // 37 + 25 + 37 = 99 rows for 2 s (98 without overlap)
    }

    @Test
    void overlapLastChunkIsLongerThanTheOverlap() {
        AudioChunking half = AudioChunking.ofSeconds(1.0, 0.5);
        List<Chunk> c =
                half.chunks(25000); // 0 (16000), 8000 (16000 < 17000 remaining? no: 17000 > 16000), 16000 (9000)
        assertEquals(3, c.size());
        assertEquals(new Chunk(2, 16000, 9000, 9000, true), c.get(2));
    }

    @Test
    void invalidSettingsAreRejectedWithTheOptionName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AudioChunking.ofSeconds(1.0, 1.0));
        assertEquals(true, e.getMessage().contains("--audio-overlap-seconds"));
        assertThrows(IllegalArgumentException.class, () -> AudioChunking.ofSeconds(0, 0));
        assertThrows(IllegalArgumentException.class, () -> AudioChunking.ofSeconds(0.01, 0)); // < 400 samples
        assertThrows(IllegalArgumentException.class, () -> AudioChunking.ofSeconds(1, -0.1));
    }
}
