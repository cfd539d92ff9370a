// face-api.js's own forward pass of FaceRecognitionNet on face crops: the reference descriptors of fer4j's embedded
// faceapi_descriptor model. Usage: node descriptor-reference.mjs CROPS_DIR OUT.json   (RGB .png crops of any size)
// Runs @vladmandic/face-api 1.7.15's FaceRecognitionNet on @tensorflow/tfjs 4.22.0's pure-JS CPU backend: the crop goes
// in as an int32 [H,W,3] tensor, so face-api's own toBatchTensor does the padding to square, the bilinear resize to
// 150 and its normalisation. Writes the 128-d descriptor of each crop.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const [cropsDir, outFile] = process.argv.slice(2);
if (!cropsDir || !outFile) {
  console.error('usage: node descriptor-reference.mjs CROPS_DIR OUT.json');
  process.exit(2);
}
await tf.setBackend('cpu');
await tf.ready();
const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = path.join(here, 'node_modules', '@vladmandic', 'face-api', 'model');
const net = faceapi.nets.faceRecognitionNet;
const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_recognition_model-weights_manifest.json')));
const bin = fs.readFileSync(path.join(modelDir, 'face_recognition_model.bin'));
net.loadFromWeightMap(tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  manifest[0].weights));

const crops = [];
for (const file of fs.readdirSync(cropsDir).filter((f) => f.endsWith('.png')).sort()) {
  const png = PNG.sync.read(fs.readFileSync(path.join(cropsDir, file)));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
  }
  const image = tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
  const descriptor = await net.computeFaceDescriptor(image);
  crops.push({ file, person: file.split('_')[0], width: png.width, height: png.height,
    descriptor: Array.from(descriptor) });
  tf.dispose(image);
}
// face-api.js's own matcher distance, so the report shows what face-api.js itself would decide
const pairs = [];
for (let a = 0; a < crops.length; a++) {
  for (let b = a + 1; b < crops.length; b++) {
    pairs.push({ a: crops[a].file, b: crops[b].file, same: crops[a].person === crops[b].person,
      distance: faceapi.euclideanDistance(crops[a].descriptor, crops[b].descriptor) });
  }
}
const same = pairs.filter((p) => p.same).map((p) => p.distance);
const diff = pairs.filter((p) => !p.same).map((p) => p.distance);
console.log(`${crops.length} crops; same person max ${Math.max(...same).toFixed(3)}, `
  + `different people min ${Math.min(...diff).toFixed(3)}`);
const out = {
  source: '@vladmandic/face-api@1.7.15 FaceRecognitionNet, @tensorflow/tfjs@' + tf.version.tfjs + ' backend ' + tf.getBackend(),
  match_distance: 0.6,
  crops,
};
fs.writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${crops.length} descriptors to ${outFile}`);
