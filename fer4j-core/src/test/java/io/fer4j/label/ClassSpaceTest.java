package io.fer4j.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassSpaceTest {

    @Test
    void abawOrderAndHeaderAreTheChallengeContract() {
        assertEquals("Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other", AbawClass.headerLine());
        assertEquals(AbawClass.HAPPINESS, AbawClass.of(4));
    }

    @Test
    void affectNet8MapsByNameToAbaw() {
        // CONTRACTS §1: M = [5, 0, 2, 3, 4, 6, 7, 1]; check by class names, independent of the index table.
        ClassSpace s = ClassSpace.AFFECTNET_8;
        String[] expected = {"Neutral", "Anger", "Disgust", "Fear", "Happiness", "Sadness", "Surprise", "Contempt"};
        for (int j = 0; j < 8; j++) {
            assertEquals(expected[j], s.classNames().get(s.toAbaw()[j]));
        }
        assertArrayEquals(new int[] {5, 0, 2, 3, 4, 6, 7, 1}, s.toAbaw());
    }

    @Test
    void affectNet7HasNoOtherSlot() {
        ClassSpace s = ClassSpace.AFFECTNET_7;
        for (int j = 0; j < 7; j++) {
            assertEquals(AbawClass.of(j).displayName(), s.classNames().get(s.toAbaw()[j]));
        }
        assertEquals(-1, s.toAbaw()[7]);
    }

    @Test
    void softmaxThenMapHandWorked() {
        // logits: Anger=ln2, Neutral=ln4, others 0 -> exp: Anger 2, Neutral 4, six ones -> sum 12
        float[] logits = new float[8];
        logits[0] = (float) Math.log(2);
        logits[5] = (float) Math.log(4);
        float[] abaw = new float[8];
        ClassSpace.AFFECTNET_8.softmaxToAbaw(logits, 0, abaw, 0);
        assertEquals(4.0 / 12, abaw[0], 1e-6); // Neutral
        assertEquals(2.0 / 12, abaw[1], 1e-6); // Anger
        assertEquals(1.0 / 12, abaw[7], 1e-6); // Contempt in the Other slot
        // multi-task: extra outputs after the 8 logits are ignored by the softmax
        float[] mtl = new float[10];
        System.arraycopy(logits, 0, mtl, 0, 8);
        mtl[8] = 100f;
        mtl[9] = -100f;
        float[] abaw2 = new float[8];
        ClassSpace.AFFECTNET_8_VA.softmaxToAbaw(mtl, 0, abaw2, 0);
        assertArrayEquals(abaw, abaw2, 0f);
    }
}
