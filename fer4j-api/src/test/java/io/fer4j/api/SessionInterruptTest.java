package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18 item 3: an {@code accept} interrupted while its frame is being labelled never makes a later call return
 * that frame's label: after an interrupted face frame, blank frames get their own (faceless) labels.
 */
class SessionInterruptTest {
    static Fer4j fer4j;

    @BeforeAll
    static void load() {
        fer4j = Fer4j.builder().backbone("faceapi_expression").threads(2).build();
    }

    @AfterAll
    static void close() {
        fer4j.close();
    }

    @Test
    @Timeout(120)
    void theLateLabelOfAnInterruptedFrameIsNeverReturnedForAnotherFrame() throws Exception {
        BufferedImage face = Fer4jTest.frames(1, 1).get(0);
        BufferedImage blank = new BufferedImage(face.getWidth(), face.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        try (Session s = fer4j.newSession(25)) {
            assertTrue(s.accept(face).box() != null, "the sample's first frame has a face");
            for (int round = 0; round < 3; round++) {
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    try {
                        s.accept(face);
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                caller.start();
                // accept waits (timed) only for its label, after the stream took the frame
                while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
                    Thread.onSpinWait();
                }
                caller.interrupt();
                caller.join();
                assertTrue(
                        thrown.get() instanceof IllegalStateException
                                && thrown.get().getMessage().startsWith("interrupted while labelling frame"),
                        String.valueOf(thrown.get()));
                int interrupted = s.frameCount();
                for (int k = 1; k <= 2; k++) {
                    FrameLabel l = s.accept(blank);
                    assertNull(
                            l.box(),
                            "round " + round + ": a blank frame has no face (not the late label of "
                                    + "the interrupted face frame)");
                    assertEquals(interrupted + k, l.frameIndex());
                    assertEquals(l.frameIndex(), s.frameCount());
                }
            }
        }
    }
}
