export { CheckpointFormatError } from './checkpoint-format-error.js';
export {
  decodeSafetensors,
  readSafetensors,
  type SafetensorsContents,
  type StoredTensor,
} from './decode-safetensors.js';
export { encodeSafetensors, type TensorToStore, writeSafetensors } from './encode-safetensors.js';
export { bfloat16ToNumber, float16ToNumber } from './half-precision.js';
export { isSafetensorsDtype, type SafetensorsDtype, safetensorsDtypeSizes } from './safetensors-dtype.js';
export { storedToTensor, tensorToStore } from './tensor-conversion.js';
export { writeFileAtomic } from './write-file-atomic.js';
