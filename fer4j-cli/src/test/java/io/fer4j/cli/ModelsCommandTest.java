package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String old = System.getProperty("fer4j.home");
        System.setProperty("fer4j.home", dir.resolve("home").toString());
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            if (old == null) {
                System.clearProperty("fer4j.home");
            } else {
                System.setProperty("fer4j.home", old);
            }
        }
    }

    @Test
    void listShowsTheRegistry() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FER4J_HOME") == null, "FER4J_HOME is set");
        Run r = run("models", "list", "--verbose");
        assertEquals(0, r.exit(), r.err());
        for (String name :
                new String[] {"enet_b0_8_best_vgaf", "enet_b2_7", "mbf_va_mtl", "mobilevit_va_mtl", "yunet"}) {
            assertTrue(r.out().contains(name), r.out());
        }
        assertTrue(r.out().contains(dir.resolve("home").resolve("models").toString()), r.out());
    }

    @Test
    void verifyReportsMismatchAndMissing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FER4J_HOME") == null, "FER4J_HOME is set");
        Path models = Files.createDirectories(dir.resolve("home/models"));
        Files.writeString(models.resolve("enet_b0_8_best_vgaf.onnx"), "not the model");
        Run r = run("models", "verify");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("MISMATCH"), r.out());
        Run missing = run("models", "verify", "enet_b2_8");
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("fer4j models fetch enet_b2_8"), missing.out());
        Files.writeString(models.resolve("enet_b2_7.onnx"), "placed by hand");
        Run unpinned = run("models", "verify", "enet_b2_7");
        assertEquals(0, unpinned.exit(), unpinned.out());
        assertTrue(unpinned.out().contains("unpinned"), unpinned.out());
    }

    @Test
    void unknownNameAndBadFileAreUserErrors() throws Exception {
        Run r = run("models", "fetch", "resnet");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown model 'resnet'"), r.err());
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "hello");
        Run i = run("models", "inspect", junk.toString());
        assertEquals(2, i.exit());
        assertTrue(i.err().contains("junk.onnx") && i.err().contains("not a valid ONNX model"), i.err());
    }

    /** A face-image folder of random 40×48 images (frames are faces: no detector needed). */
    @Test
    void inspectOnAnInt8CopyOfARegistryModelShowsThePreprocessingPredictApplies() throws Exception {
        io.fer4j.vision.registry.ModelEntry faceapi =
                io.fer4j.vision.registry.ModelRegistry.builtIn().get("faceapi_expression");
        Path fp32 = io.fer4j.vision.registry.ModelResolver.defaults()
                .resolveBackbone(faceapi.name())
                .file();
        Path int8 = dir.resolve("faceapi_int8.onnx");
        Run q = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                faceFolder(4).toString(),
                "--faces",
                "4",
                "--out",
                int8.toString(),
                "--threads",
                "1");
        assertEquals(0, q.exit(), q.err() + q.out());
        Run i = run("models", "inspect", int8.toString());
        assertEquals(0, i.exit(), i.err());
        String line =
                i.out().lines().filter(l -> l.startsWith("spec ")).findFirst().orElse("");
        // issue 18 item 8: the registry's preprocessing (face-api.js means), not the 0.5/0.5 inferred for 112 px
        assertEquals("spec       " + faceapi.backbone().withSha256(io.fer4j.store.Sha256.of(int8)), line);
    }

    private Path faceFolder(int n) {
        Path folder = dir.resolve("faces");
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        java.util.Random r = new java.util.Random(3);
        for (int i = 1; i <= n; i++) {
            byte[] px = new byte[40 * 48 * 3];
            r.nextBytes(px);
            try (org.bytedeco.opencv.opencv_core.Mat m =
                    new org.bytedeco.opencv.opencv_core.Mat(48, 40, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
                m.data().put(px);
                org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(
                        folder.resolve(String.format("%05d.png", i)).toString(), m);
            }
        }
        return folder;
    }

    @Test
    void convertFaceApiNamesAMissingTarballAndNeverReplacesAFileWithoutForce() throws Exception {
        Path missing = dir.resolve("vladmandic-face-api-1.7.15.tgz");
        Run r = run(
                "models",
                "convert-faceapi",
                missing.toString(),
                "--out",
                dir.resolve("m.onnx").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(missing.toString()) && r.err().contains("npm pack"), r.err());
        Path existing = Files.writeString(dir.resolve("existing.onnx"), "mine");
        Run refused = run("models", "convert-faceapi", missing.toString(), "--out", existing.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--force"), refused.err());
        assertEquals("mine", Files.readString(existing));
        Path tarball = Files.writeString(dir.resolve("t.tgz"), "x");
        Run self = run("models", "convert-faceapi", tarball.toString(), "--out", tarball.toString(), "--force");
        assertEquals(2, self.exit());
        assertTrue(self.err().contains("an input is never overwritten"), self.err());
        assertEquals("x", Files.readString(tarball));
    }

    @Test
    void quantizeWritesAnInt8BackboneAndRefusesBadInput() throws Exception {
        Path fp32 = io.fer4j.vision.testing.TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        Path faces = faceFolder(12);
        Path int8 = dir.resolve("tiny_int8.onnx");
        Run r = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                faces.toString(),
                "--out",
                int8.toString(),
                "--threads",
                "1");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(Files.isRegularFile(int8));
        assertTrue(r.out().contains("Conv=1") && r.out().contains("12 faces"), r.out());
        Run again = run(
                "models",
                "quantize",
                int8.toString(),
                "--calibrate",
                faces.toString(),
                "--out",
                dir.resolve("twice.onnx").toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("tiny_int8.onnx") && again.err().contains("already quantized"), again.err());
        assertTrue(!Files.exists(dir.resolve("twice.onnx")));
        Run same =
                run("models", "quantize", fp32.toString(), "--calibrate", faces.toString(), "--out", fp32.toString());
        assertEquals(2, same.exit());
        assertTrue(same.err().contains("--out"), same.err());
        byte[] kept = Files.readAllBytes(int8);
        Run exists = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                faces.toString(),
                "--out",
                int8.toString(),
                "--threads",
                "1");
        assertEquals(2, exists.exit());
        assertTrue(exists.err().contains("already exists") && exists.err().contains("--force"), exists.err());
        assertTrue(java.util.Arrays.equals(kept, Files.readAllBytes(int8)), "an existing --out is not touched");
        Run forced = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                faces.toString(),
                "--out",
                int8.toString(),
                "--threads",
                "1",
                "--force");
        assertEquals(0, forced.exit(), forced.err() + forced.out());
        // issue 18 item 8: a missing --out folder is said before calibrating, naming --out (not a temp file)
        Path noDir = dir.resolve("nodir/x.onnx");
        Run missingFolder = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                faces.toString(),
                "--out",
                noDir.toString(),
                "--threads",
                "1");
        assertEquals(2, missingFolder.exit());
        assertEquals(
                "fer4j quantize: error: " + noDir + ": its folder "
                        + dir.resolve("nodir").toAbsolutePath() + " does not exist; create it or choose another --out",
                missingFolder.err().lines().findFirst().orElse(""));
        assertTrue(!missingFolder.err().contains("calibrating"), "refused before calibrating: " + missingFolder.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run none = run(
                "models",
                "quantize",
                fp32.toString(),
                "--calibrate",
                empty.toString(),
                "--out",
                dir.resolve("x.onnx").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("empty") && none.err().contains("no videos"), none.err());
    }
}
