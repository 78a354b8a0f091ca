/**
 * Testing tools for plugin authors: a host that spawns a plugin and drives
 * it exactly as plakar v1.1 does, and the protocol conformance suite built
 * on it.
 *
 * @module
 */
export * from "./host/mod.ts";
export * from "./conformance/mod.ts";
