/**
 * What a step did when replayed: it ran (ok), the program refused it (with
 * its exit status and the words it prints), or the model cannot say (never a
 * guess: the reason names what is outside the model).
 */
export type Outcome =
  | { kind: "ok"; note?: string }
  | { kind: "refused"; status: number; message: string }
  | { kind: "notModelled"; reason: string };

export const OK: Outcome = { kind: "ok" };
export const refused = (status: number, message: string): Outcome => ({ kind: "refused", status, message });
export const notModelled = (reason: string): Outcome => ({ kind: "notModelled", reason });

/** Thrown inside an interpreter to end it with an outcome (as the C programs exit in the middle of parsing). */
export class Exit {
  constructor(readonly outcome: Outcome) {}
}
