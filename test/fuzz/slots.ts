/** The fuzzed hosts' container slots (hosts.ts): each slot's container has this name, and its addresses from the slot's index. */
export const NAMES = ["web", "db", "app", "mail"] as const;
