/**
 * pdf.js's legacy build carries core-js, which on Node 20 replaces a few
 * built-ins that Node already has with slower spec-edge polyfills — among
 * them Array.prototype.push and JSON.parse/stringify — for the whole process.
 * That made every push in nianbao's own code (and the record's JSON) several
 * times slower. This module is imported before pdf.js, keeps the native
 * functions, and puts them back once pdf.js (and its worker module) loaded.
 * Polyfills of functions Node 20 lacks (Promise.withResolvers, …) stay.
 */
const NATIVE = {
  push: Array.prototype.push,
  parse: JSON.parse,
  stringify: JSON.stringify,
};

export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== NATIVE.push) {
    Object.defineProperty(Array.prototype, 'push', { value: NATIVE.push, writable: true, configurable: true, enumerable: false });
  }
  if (JSON.parse !== NATIVE.parse) JSON.parse = NATIVE.parse;
  if (JSON.stringify !== NATIVE.stringify) JSON.stringify = NATIVE.stringify;
}
