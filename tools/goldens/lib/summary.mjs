// Readable per-case numbers from golden outputs, in image pixels (through the prep's tensor ->
// image map), next to the sanity values of docs reference.md section 8 where it has them.
// Decoding follows models.md: SSD anchors for the detectors (3.2, 3.4), landmark layouts (3.3, 3.5),
// MoveNet (4.2, 4.3).

const sigmoid = x => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));
const f1 = v => v.toFixed(1);

function toImage(prep, u, v) {
  const [[a, b, c], [d, e, f]] = prep.to_image;
  return [a * u + b * v + c, d * u + e * v + f];
}
const pt = (prep, u, v) => { const [x, y] = toImage(prep, u, v); return `(${f1(x)},${f1(y)})`; };

// SSD anchor centres (fixed size): for each stride, a grid of size/stride cells, row-major,
// perCell anchors each; layers with the same stride are merged (models.md 3.2).
function anchors(size, strides) {
  const out = [];
  for (let i = 0; i < strides.length;) {
    let j = i;
    while (j < strides.length && strides[j] === strides[i]) j++;
    const n = Math.ceil(size / strides[i]), perCell = 2 * (j - i);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++)
      for (let k = 0; k < perCell; k++) out.push([(x + 0.5) / n, (y + 0.5) / n]);
    i = j;
  }
  return out;
}

function ssdBest(outs, prep, size, strides, stride, nkp) {
  const boxes = outs.Identity, logits = outs.Identity_1;
  const an = anchors(size, strides);
  if (an.length !== logits.length) return {text: [`anchor count ${an.length} != ${logits.length} scores`]};
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  const r = boxes.subarray(best * stride, best * stride + stride);
  const [ax, ay] = an[best];
  const cx = (r[0] / size + ax) * size, cy = (r[1] / size + ay) * size, w = r[2], h = r[3];
  const kp = [];
  for (let k = 0; k < nkp; k++) kp.push([(r[4 + 2 * k] / size + ax) * size, (r[5 + 2 * k] / size + ay) * size]);
  return {best, score: sigmoid(logits[best]), box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], kp};
}

const REF_MOVENET_LIGHTNING = 'nose(250.4,117.9) l_sho(276.7,127.0) r_sho(194.5,128.3) l_wri(363.5,157.1) r_wri(102.2,100.4) ' +
  'l_hip(294.0,223.9) r_hip(249.2,243.1) l_ank(418.6,257.0) r_ank(265.1,292.3)';
const COCO = ['nose', 'l_eye', 'r_eye', 'l_ear', 'r_ear', 'l_sho', 'r_sho', 'l_elb', 'r_elb', 'l_wri', 'r_wri',
  'l_hip', 'r_hip', 'l_knee', 'r_knee', 'l_ank', 'r_ank'];

export function summarize(name, outs, prep) {
  const S = prep.shape[2];
  if (name.startsWith('palm_detection')) {
    const s = ssdBest(outs, prep, 192, [8, 16, 16, 16], 18, 7);
    if (!s.box) return s.text;
    const ref = name.endsWith('lite') ? 'ref: anchor 1695 score 0.971, box (57.3,83.1)-(147.9,173.7), wrist (107.6,170.8), middle MCP (105.0,91.1)'
      : 'ref: anchor 1767 score 0.995';
    return [`best anchor ${s.best} score ${s.score.toFixed(4)}, box ${pt(prep, s.box[0], s.box[1])}-${pt(prep, s.box[2], s.box[3])}, ` +
      `wrist ${pt(prep, ...s.kp[0])}, middle MCP ${pt(prep, ...s.kp[2])}`, ref];
  }
  if (name === 'pose_detection') {
    const s = ssdBest(outs, prep, 224, [8, 16, 32, 32, 32], 12, 4);
    if (!s.box) return s.text;
    return [`best anchor ${s.best} score ${s.score.toFixed(4)}, mid-hip ${pt(prep, ...s.kp[0])}, body size point ` +
      `${pt(prep, ...s.kp[1])}, mid-shoulder ${pt(prep, ...s.kp[2])}`,
    'ref: anchor 641 score 0.948, mid-hip (267.5,228.0), size point (231.9,51.1), mid-shoulder (242.6,139.8)'];
  }
  if (name.startsWith('hand_landmark') || name.startsWith('handlandmark')) {
    const L = outs.Identity, lm = i => pt(prep, L[3 * i], L[3 * i + 1]);
    const full = name.endsWith('full');
    return [`presence ${outs.Identity_1[0].toFixed(4)}, handedness ${outs.Identity_2[0].toFixed(4)}; wrist ${lm(0)}, ` +
      `thumb tip ${lm(4)}, index tip ${lm(8)}, middle tip ${lm(12)}, pinky tip ${lm(20)}`,
    full ? 'ref (raw full model): presence 0.996, handedness 0.978'
      : 'ref: presence 0.996, handedness 0.916; Tasks: wrist (52.7,99.2) thumb tip (173.1,176.4) index tip (234.7,111.3) ' +
        'middle tip (246.5,79.3) pinky tip (190.2,21.3)'];
  }
  if (name.startsWith('pose_landmark')) {
    const L = outs.Identity, lm = i => pt(prep, L[5 * i], L[5 * i + 1]);
    const ref = {lite: '0.999995', full: '0.99991', heavy: '0.999998'}[name.split('_')[2]];
    return [`presence ${outs.Identity_1[0].toFixed(6)}; nose ${lm(0)}, shoulders ${lm(11)} ${lm(12)}, hips ${lm(23)} ${lm(24)}, ` +
      `ankles ${lm(27)} ${lm(28)}`,
    `ref: presence ${ref}; PoseLandmarker full: nose (249.9,113.9) shoulders (269.6,127.2) (199.9,134.8) hips (289.0,223.3) (250.3,243.2)`];
  }
  if (name === 'movenet-lightning' || name === 'movenet-thunder') {
    const K = outs.Identity;
    const kp = i => `${COCO[i]}${pt(prep, K[3 * i + 1] * S, K[3 * i] * S)}${K[3 * i + 2].toFixed(2).slice(1)}`;
    const lines = [[0, 1, 2, 3, 4, 5, 6, 7, 8].map(kp).join(' '), [9, 10, 11, 12, 13, 14, 15, 16].map(kp).join(' ')];
    if (name === 'movenet-lightning') lines.push(`ref: ${REF_MOVENET_LIGHTNING}`);
    return lines;
  }
  if (name === 'movenet-multipose') {
    const P = outs.Identity, lines = [];
    for (let p = 0; p < 6; p++) {
      const r = P.subarray(56 * p, 56 * p + 56);
      const [y0, x0, y1, x1, sc] = r.subarray(51, 56);
      lines.push(`slot ${p}: score ${sc.toFixed(3)} box ${pt(prep, x0 * S, y0 * S)}-${pt(prep, x1 * S, y1 * S)}`);
    }
    lines.push('ref (512x512 input): six pedestrians, scores 0.236-0.483, boxes about 22x61 to 41x107 px');
    return lines;
  }
  return [Object.entries(outs).map(([k, v]) => `${k}: ${v.length} values`).join(', ')];
}
