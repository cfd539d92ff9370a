// face-api.js's own forward pass on face crops: the reference outputs of fer4j's embedded faceapi_expression model.
// Usage: node reference.mjs CROPS_DIR OUT.json   (CROPS_DIR: RGB .png face crops of any size)
// Runs @vladmandic/face-api 1.7.15's FaceExpressionNet on @tensorflow/tfjs 4.22.0's pure-JS CPU backend: the crop
// goes in as an int32 [H,W,3] tensor, so face-api's own toBatchTensor does the padding to square, the bilinear resize
// to 112 and its normalisation. Writes, per crop, the 7 softmax probabilities (face-api order: neutral, happy, sad,
// angry, fearful, disgusted, surprised) and the 256-d pooled embedding that feeds the final fully connected layer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';

// face-api's Node build for pure-JS tfjs (its wasm backend is registered but not used: we select 'cpu').
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const [cropsDir, outFile] = process.argv.slice(2);
if (!cropsDir || !outFile) {
  console.error('usage: node reference.mjs CROPS_DIR OUT.json');
  process.exit(2);
}
await tf.setBackend('cpu');
await tf.ready();
const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = path.join(here, 'node_modules', '@vladmandic', 'face-api', 'model');
const net = faceapi.nets.faceExpressionNet;
const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_expression_model-weights_manifest.json')));
const bin = fs.readFileSync(path.join(modelDir, 'face_expression_model.bin'));
const weightMap = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  manifest[0].weights);
net.loadFromWeightMap(weightMap);

const crops = [];
for (const file of fs.readdirSync(cropsDir).filter((f) => f.endsWith('.png')).sort()) {
  const png = PNG.sync.read(fs.readFileSync(path.join(cropsDir, file)));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
  }
  const image = tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
  const input = await faceapi.toNetInput(image);
  const embedding = net.faceFeatureExtractor.forwardInput(input);
  const probabilities = net.forwardInput(input);
  crops.push({
    file, width: png.width, height: png.height,
    probabilities: Array.from(probabilities.dataSync()),
    embedding: Array.from(embedding.dataSync()),
  });
  tf.dispose([image, embedding, probabilities]);
}
const out = {
  source: '@vladmandic/face-api@1.7.15 FaceExpressionNet, @tensorflow/tfjs@' + tf.version.tfjs + ' backend ' + tf.getBackend(),
  classes: ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'],
  crops,
};
fs.writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${crops.length} crops to ${outFile}`);
