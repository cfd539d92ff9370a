// Frame-by-frame composition of fer4j's multi-person test video (see make-video.sh): writes raw RGB 640x400 frames to
// stdout and the ground truth CSV. Usage: node make-video.mjs HEADS_DIR TRUTH.csv
import fs from 'node:fs';
import path from 'node:path';

const [headsDir, truthFile] = process.argv.slice(2);
const W = 640, H = 400, FRAMES = 100;
const heads = {};
for (const name of ['A', 'B', 'C', 'D']) {
  const [w, h, fx, fy, fw, fh] = fs.readFileSync(path.join(headsDir, name + '.txt'), 'utf8').trim().split(/\s+/).map(Number);
  heads[name] = { w, h, face: { x: fx, y: fy, w: fw, h: fh }, rgb: fs.readFileSync(path.join(headsDir, name + '.rgb')) };
}
const lerp = (a, b, t) => Math.round(a + (b - a) * t);
// where each head's patch sits in frame f (1-based), or null when the person is away; drawn in this order, so A is
// in front of B
function layout(f) {
  const t = (f - 1) / (FRAMES - 1);
  return [
    ['B', { x: lerp(500, 20, t), y: 210 }],
    ['A', { x: lerp(20, 500, t), y: 200 }],
    ['C', f <= 30 ? { x: 260, y: 10 } : f >= 66 ? { x: 490, y: 10 } : null],
    ['D', f >= 40 ? { x: 40, y: 10 } : null],
  ];
}
const truth = ['frame,person,face_x,face_y,face_w,face_h,visible'];
for (let f = 1; f <= FRAMES; f++) {
  const frame = Buffer.alloc(W * H * 3); // a fresh buffer: stdout writes are asynchronous
  // background: a soft diagonal gradient
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      frame[i] = 60 + Math.round(40 * x / W); frame[i + 1] = 90 + Math.round(30 * y / H); frame[i + 2] = 110;
    }
  }
  const owner = new Int8Array(W * H).fill(-1);
  const placed = layout(f).filter(([, p]) => p !== null);
  placed.forEach(([name, p], k) => {
    const hd = heads[name];
    for (let y = 0; y < hd.h; y++) {
      for (let x = 0; x < hd.w; x++) {
        const fx = p.x + x, fy = p.y + y;
        if (fx < 0 || fy < 0 || fx >= W || fy >= H) continue;
        hd.rgb.copy(frame, (fy * W + fx) * 3, (y * hd.w + x) * 3, (y * hd.w + x) * 3 + 3);
        owner[fy * W + fx] = k;
      }
    }
  });
  placed.forEach(([name, p], k) => {
    const fc = heads[name].face;
    let seen = 0;
    for (let y = 0; y < fc.h; y++) {
      for (let x = 0; x < fc.w; x++) {
        const fx = p.x + fc.x + x, fy = p.y + fc.y + y;
        if (fx >= 0 && fy >= 0 && fx < W && fy < H && owner[fy * W + fx] === k) seen++;
      }
    }
    truth.push([f, name, p.x + fc.x, p.y + fc.y, fc.w, fc.h, (seen / (fc.w * fc.h)).toFixed(3)].join(','));
  });
  process.stdout.write(frame);
}
fs.writeFileSync(truthFile, truth.join('\n') + '\n');
