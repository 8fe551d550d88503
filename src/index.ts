/** containers-nix as a library: the option set, the TS renderers, and the emitters. */
export * from "./options/index.js";
export { confTable } from "./options/conf.js";
export { containerChecks, hostChecks, type HostFacts } from "./options/checks.js";
export { unitFields, implied, unitOf, type Dirs } from "./options/unit.js";
export { renderConf, hostsLines } from "./model/conf.js";
export { resolveContainer, type ResolvedContainer } from "./model/container.js";
export { hostFacts, hostReport, runContainerChecks, runHostChecks } from "./model/checks.js";
export { artifacts, emitAll } from "./artifacts.js";
export { emitOptionsMarkdown } from "./docs/markdown.js";
export { emitOptionsJson, optionsJson } from "./docs/options-json.js";
export { emitJsonSchema, containersSchema } from "./docs/json-schema.js";
export { typeDescription } from "./docs/type-description.js";
export { emitTypings } from "./emit/typings.js";
export { checkContainers, containerSchema, formatPath, type TypeCheckResult, type TypeFinding, type TypeRule } from "./validate/schema.js";
