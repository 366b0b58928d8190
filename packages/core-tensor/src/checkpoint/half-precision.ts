const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

/**
 * An IEEE 754 binary16 value (1 sign, 5 exponent, 10 fraction bits, bias 15) as a number, including
 * subnormals (fraction · 2⁻²⁴), infinities and NaN.
 */
export function float16ToNumber(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) {
    return sign * fraction * 2 ** -24;
  }
  if (exponent === 0x1f) {
    return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  }
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A bfloat16 value: the upper 16 bits of a float32, so widening is a shift. */
export function bfloat16ToNumber(half: number): number {
  bits[0] = (half & 0xffff) << 16;
  return asFloat[0] ?? Number.NaN;
}
