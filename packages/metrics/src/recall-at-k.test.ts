import { embeddingMatrix } from '@mmpoison/core-tensor';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { circle, useWasmBackend } from './__fixtures__/circle.js';
import { recallAtK } from './recall-at-k.js';

useWasmBackend();

describe('recallAtK', () => {
  // Images at 0°, 90°, 180°. Captions (image): 10° (0), 100° (0), 75° (1), 170° (2), 260° (2).
  const images = circle([0, 90, 180]);
  const captions = circle([10, 100, 75, 170, 260]);
  const captionImageIndex = Int32Array.from([0, 0, 1, 2, 2]);

  it('text→image: a caption hits when its own image is in the top K (worked by hand)', () => {
    // 10° → image 0 first; 100° → 90°, 180°, then 0° (3rd); 75° → 90° first; 170° → 180° first;
    // 260° → 180° first.
    const result = recallAtK(images, captions, captionImageIndex, { ks: [1, 2, 3] });
    expect(Array.from(result.textToImage.ranks)).toEqual([1, 3, 1, 1, 1]);
    expect(result.textToImage.recall).toEqual({ 1: 0.8, 2: 0.8, 3: 1 });
  });

  it('image→text: an image hits when ANY of its captions is in the top K', () => {
    // Image 0°: its caption 10° is first (its other caption, 100°, is 3rd: only the best counts).
    // Image 90°: 100° (another image's) is first, its own 75° second. Image 180°: 170° first.
    const result = recallAtK(images, captions, captionImageIndex, { ks: [1, 2] });
    expect(Array.from(result.imageToText.ranks)).toEqual([1, 2, 1]);
    expect(result.imageToText.recall[1]).toBeCloseTo(2 / 3, 12);
    expect(result.imageToText.recall[2]).toBe(1);
  });

  it('gives the same result in small chunks, leaks no tensor, and checks the caption map', () => {
    const before = tf.memory().numTensors;
    const chunked = recallAtK(images, captions, captionImageIndex, {
      queryChunkSize: 2,
      galleryChunkSize: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(chunked.textToImage.ranks)).toEqual([1, 3, 1, 1, 1]);
    expect(Array.from(chunked.imageToText.ranks)).toEqual([1, 2, 1]);
    expect(() => recallAtK(images, captions, [0, 0, 1, 2])).toThrow(
      /4 entries, expected one per caption row \(5\)/,
    );
    expect(() => recallAtK(images, captions, [0, 0, 0, 2, 2])).toThrow(/image 1 has no caption/);
    expect(() => recallAtK(images, captions, [0, 0, 1, 2, 3])).toThrow(/captionImageIndex\[4\] is 3/);
    expect(() => recallAtK(images, embeddingMatrix(new Float32Array(15), 5, 3), captionImageIndex)).toThrow(
      /dim/,
    );
  });
});
