/**
 * Jest's node environment, with the typed arrays of Node's own realm. Jest
 * runs each suite in a VM context whose Float32Array is not Node's, and
 * onnxruntime-node (the second OCR recognizer) checks its native outputs
 * with `instanceof Float32Array` against the suite's: every inference would
 * fail in a test and nowhere else.
 */
import { TestEnvironment } from 'jest-environment-node';

const TYPED = ['Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer'];

export default class NodeRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED) this.global[name] = globalThis[name];
  }
}
