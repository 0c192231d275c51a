#!/usr/bin/env node
// usage: node regen_tracker.mjs --glint-model BIN --cache DIR --out DIR   (normally run by ../regen.sh)
// End-to-end references for the tracker tests (tests/golden/README.md, section "Tracker goldens"):
//   OUT/tracker/hands.tsv  MediaPipe Tasks HandLandmarker (lite) on the hand photos and on photos
//                          without hands: per hand handedness + score, 21 keypoints, 21 world points
//   OUT/tracker/body.tsv   MoveNet keypoints from TF.js on the person photos (full-image letterbox,
//                          i.e. the tracker's first frame)
// The pixels both references see are made by glint itself (`glint-model prep`): the hand photos go
// to Tasks as the exact RGB8 bytes glint decodes (identity affine, u8), MoveNet gets the same
// letterboxed int32 tensor the golden cases use. Prints a readable table of what it wrote.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {buildHandTask} from './make_task.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = name => {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return path.resolve(process.argv[i + 1]);
};
const gm = arg('--glint-model'), cache = arg('--cache'), outDir = path.join(arg('--out'), 'tracker');

// Photos with hands (reference.md section 7) and two without (people too small: Tasks finds none).
const HAND_IMAGES = ['hand_right_open_palm', 'hand_left_open_back', 'hand_right_fist_back', 'hand_left_fist_palm',
  'hand_open_palm_a', 'hand_open_palm_b', 'hand_flat_table_src', 'person_basketball1', 'person_cameraman'];
// glint's defaults (glint.h: min_detection_score and min_presence_score 0.5) are Tasks' defaults too.
// A lower threshold changes the keypoints slightly: the palm detector's weighted NMS then averages
// in weaker boxes (0.3 moved the wrist on hand_left_open_back by 0.3 px).
const CONFIDENCE = 0.5;
const TASK_OPTIONS = {numHands: 2, minHandDetectionConfidence: CONFIDENCE, minHandPresenceConfidence: CONFIDENCE,
  minTrackingConfidence: CONFIDENCE};
const BODY_CASES = [
  {image: 'person_messi5', model: 'movenet-lightning', size: 192},
  {image: 'person_basketball1', model: 'movenet-thunder', size: 256},
  {image: 'person_fireman_b', model: 'movenet-thunder', size: 256},
  {image: 'person_cameraman', model: 'movenet-thunder', size: 256},
  {image: 'person_astronaut', model: 'movenet-thunder', size: 256},
];
const COCO = ['nose', 'l_eye', 'r_eye', 'l_ear', 'r_ear', 'l_sho', 'r_sho', 'l_elb', 'r_elb', 'l_wri', 'r_wri',
  'l_hip', 'r_hip', 'l_knee', 'r_knee', 'l_ank', 'r_ank'];

const prep = (image, spec, dtype, out) =>
  JSON.parse(execFileSync(gm, ['prep', path.join(cache, 'images', `${image}.png`), '--spec', spec, '--dtype', dtype,
    '--out', out], {encoding: 'utf8'}));
const imageSize = image => {
  // A 1x1 prep reports the photo's size without writing much.
  const info = prep(image, 'size=1;range=0,255;crop=letterbox', 'u8', path.join(work, 'probe.raw'));
  return [info.image_width, info.image_height];
};
const fmt = (v, d) => {
  const s = v.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // no "-0.000"
};
const runNode = (script, jobFile) => execFileSync(process.execPath, [script, jobFile],
  {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26}).trim().split('\n').map(l => JSON.parse(l));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-tracker-'));
try {
  // 1. MediaPipe Tasks HandLandmarker on the photos' exact RGB8 bytes.
  const task = buildHandTask(path.join(cache, 'models', 'mediapipe'), 'lite');
  const taskFile = path.join(work, 'hand_landmarker_lite.task');
  fs.writeFileSync(taskFile, task);
  const taskSha = crypto.createHash('sha256').update(task).digest('hex');
  const images = HAND_IMAGES.map(name => {
    const [w, h] = imageSize(name);
    const raw = path.join(work, `${name}.rgb`);
    prep(name, `size=${w}x${h};range=0,255;crop=affine:1,0,0,0,1,0`, 'u8', raw);
    return {name, raw, width: w, height: h};
  });
  const handJobs = path.join(work, 'tasks.jobs.json');
  fs.writeFileSync(handJobs, JSON.stringify({task: taskFile, options: TASK_OPTIONS, images}, null, 1));
  const handResults = runNode(path.join(here, 'run_tasks.mjs'), handJobs);
  if (handResults.length !== images.length) throw new Error(`tasks: ${handResults.length} results for ${images.length} images`);

  const handRows = [['image', 'width', 'height', 'hands', 'hand', 'handedness', 'handedness_score', 'keypoints', 'world', 'runtime']];
  const runtimeNote = r => `${r.runtime}; hand_landmarker_lite.task sha256 ${taskSha.slice(0, 16)}; numHands 2, confidences ${CONFIDENCE}`;
  for (const r of handResults) {
    if (!r.hands.length) {
      handRows.push([r.name, r.width, r.height, 0, '-', '-', '0', '-', '-', runtimeNote(r)]);
      continue;
    }
    r.hands.forEach((h, i) => {
      handRows.push([r.name, r.width, r.height, r.hands.length, i, h.handedness, fmt(h.handedness_score, 4),
        h.keypoints.map(([x, y, z]) => `${fmt(x, 3)},${fmt(y, 3)},${fmt(z, 5)}`).join(','),
        h.world.map(([x, y, z]) => `${fmt(x, 5)},${fmt(y, 5)},${fmt(z, 5)}`).join(','), runtimeNote(r)]);
    });
  }

  // 2. MoveNet on the letterboxed photo, TF.js cpu backend (the driver of the model goldens).
  for (const c of BODY_CASES) {
    c.raw = path.join(work, `${c.image}.i32`);
    c.prep = prep(c.image, `size=${c.size};range=0,255;crop=letterbox`, 'i32', c.raw);
  }
  const bodyJobs = path.join(work, 'tfjs.jobs.json');
  fs.writeFileSync(bodyJobs, JSON.stringify(BODY_CASES.map((c, i) => ({model: path.join(cache, 'models', 'tfjs', `${c.model}.json`),
    input: c.raw, dtype: 'int32', shape: c.prep.shape, out_dir: path.join(work, `body${i}`)}))));
  const bodyResults = runNode(path.join(here, '..', 'tfjs', 'run_tfjs.cjs'), bodyJobs);
  const bodyRows = [['image', 'width', 'height', 'model', 'prep', 'input_sha256', 'keypoints', 'runtime']];
  BODY_CASES.forEach((c, i) => {
    const r = bodyResults[i];
    const out = r.outputs.find(o => o.name === 'Identity');
    if (!out || out.shape.join('x') !== '1x1x17x3') throw new Error(`${c.model}: unexpected outputs ${JSON.stringify(r.outputs)}`);
    const b = fs.readFileSync(path.join(work, `body${i}`, out.file));
    const K = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    const [[a, bb, cc], [d, e, f]] = c.prep.to_image;
    // MoveNet rows are (y, x, score) normalised to the input tensor; tensor pixel = value * size.
    c.kp = COCO.map((_, k) => {
      const u = K[3 * k + 1] * c.size, v = K[3 * k] * c.size;
      return [a * u + bb * v + cc, d * u + e * v + f, K[3 * k + 2]];
    });
    bodyRows.push([c.image, c.prep.image_width, c.prep.image_height, c.model, c.prep.spec, c.prep.sha256,
      c.kp.map(([x, y, s]) => `${fmt(x, 3)},${fmt(y, 3)},${fmt(s, 4)}`).join(','), r.runtime]);
  });

  // 3. Write (only the tracker folder is replaced).
  fs.mkdirSync(outDir, {recursive: true});
  const tsv = rows => rows.map(row => row.join('\t')).join('\n') + '\n';
  fs.writeFileSync(path.join(outDir, 'hands.tsv'), tsv(handRows));
  fs.writeFileSync(path.join(outDir, 'body.tsv'), tsv(bodyRows));

  // 4. Summary.
  console.log(`== tracker: hand_landmarker_lite.task ${task.length} bytes, sha256 ${taskSha}`);
  for (const r of handResults) {
    const hands = r.hands.map(h => `${h.handedness} ${h.handedness_score.toFixed(3)} wrist (${h.keypoints[0][0].toFixed(1)},` +
      `${h.keypoints[0][1].toFixed(1)}) middle tip (${h.keypoints[12][0].toFixed(1)},${h.keypoints[12][1].toFixed(1)})`);
    console.log(`   ${r.name} (${r.width}x${r.height}): ${r.hands.length} hand(s)${hands.length ? ': ' + hands.join('; ') : ''}` +
      `  [${r.ms.toFixed(0)} ms]`);
  }
  for (const c of BODY_CASES) {
    const kp = k => `${COCO[k]}(${c.kp[k][0].toFixed(1)},${c.kp[k][1].toFixed(1)})${c.kp[k][2].toFixed(2).slice(1)}`;
    console.log(`   ${c.image} ${c.model}: ${[0, 5, 6, 9, 10, 11, 12, 15, 16].map(kp).join(' ')}`);
  }
  console.log(`tracker goldens: ${handRows.length - 1} hand rows, ${bodyRows.length - 1} body rows in ${outDir}`);
} finally {
  fs.rmSync(work, {recursive: true, force: true});
}
