import * as tf from '@tensorflow/tfjs';
import type { WasmKernelBackend } from './wasm-kernel-backend.js';

type Rank4 = [number, number, number, number];

/** Element strides of a 4-D tensor laid out as NHWC or NCHW, by logical axis. */
function layoutStrides(channelsLast: boolean, height: number, width: number, channels: number) {
  return channelsLast
    ? { batch: height * width * channels, row: width * channels, column: channels, channel: 1 }
    : { batch: channels * height * width, row: width, column: 1, channel: height * width };
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which tfjs 4.22 lacks; the gradient of `tf.conv2d` with
 * respect to its filter needs it (a ViT patch embedding is one). The filter gradient is
 * dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + fh − padTop, ow·sw + fw − padLeft, ci] · dy[b, oh, ow, co],
 * with out-of-image positions contributing zero. tfjs only supports dilation 1 in this gradient.
 */
export const conv2dBackpropFilterKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const x = inputs['x'];
  const dy = inputs['dy'];
  if (x === undefined || dy === undefined || attrs === undefined) {
    throw new Error('Conv2DBackpropFilter (wasm): expected inputs x and dy and the conv attributes');
  }
  const dataFormat = attrs['dataFormat'] === 'NCHW' ? 'NCHW' : 'NHWC';
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Rank4,
    attrs['filterShape'] as Rank4,
    attrs['strides'] as number | [number, number],
    1,
    attrs['pad'] as Parameters<typeof tf.backend_util.computeConv2DInfo>[4],
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const wasm = backend as WasmKernelBackend;
  const xValues = wasm.readSync(x.dataId) as ArrayLike<number>;
  const dyValues = wasm.readSync(dy.dataId) as ArrayLike<number>;
  const channelsLast = info.dataFormat === 'channelsLast';
  const xStride = layoutStrides(channelsLast, info.inHeight, info.inWidth, info.inChannels);
  const dyStride = layoutStrides(channelsLast, info.outHeight, info.outWidth, info.outChannels);
  const { filterHeight, filterWidth, inChannels, outChannels } = info;
  const gradient = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);

  for (let fh = 0; fh < filterHeight; fh += 1) {
    for (let fw = 0; fw < filterWidth; fw += 1) {
      const filterBase = (fh * filterWidth + fw) * inChannels * outChannels;
      for (let batch = 0; batch < info.batchSize; batch += 1) {
        for (let oh = 0; oh < info.outHeight; oh += 1) {
          const ih = oh * info.strideHeight + fh - info.padInfo.top;
          if (ih < 0 || ih >= info.inHeight) {
            continue;
          }
          for (let ow = 0; ow < info.outWidth; ow += 1) {
            const iw = ow * info.strideWidth + fw - info.padInfo.left;
            if (iw < 0 || iw >= info.inWidth) {
              continue;
            }
            const xBase = batch * xStride.batch + ih * xStride.row + iw * xStride.column;
            const dyBase = batch * dyStride.batch + oh * dyStride.row + ow * dyStride.column;
            for (let ci = 0; ci < inChannels; ci += 1) {
              const xValue = xValues[xBase + ci * xStride.channel] ?? 0;
              if (xValue === 0) {
                continue;
              }
              const rowBase = filterBase + ci * outChannels;
              for (let co = 0; co < outChannels; co += 1) {
                gradient[rowBase + co] =
                  (gradient[rowBase + co] ?? 0) + xValue * (dyValues[dyBase + co * dyStride.channel] ?? 0);
              }
            }
          }
        }
      }
    }
  }
  return wasm.makeOutput(
    [filterHeight, filterWidth, inChannels, outChannels],
    'float32',
    undefined,
    gradient,
  );
};
