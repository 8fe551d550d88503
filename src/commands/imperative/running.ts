/** Whether a container runs, and stopping it hard (machinectl terminate, then waiting for its init to go). */
import { HostError } from "../../host/errors.js";
import { activeState, leaderPid, machinectlTerminate, systemctl } from "../../host/programs.js";

export const isRunning = async (name: string) => ["active", "activating", "reloading"].includes(await activeState(name));

/** A running container is reloaded (its unit switches it to its new system); whether it was. */
export async function reloadIfRunning(name: string): Promise<boolean> {
  if (!(await isRunning(name))) return false;
  process.stderr.write("reloading container...\n");
  await systemctl("reload", name);
  return true;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** How long terminate waits for the container's init to exit. */
export const TERMINATE_WAIT_MS = 60_000;

export async function terminate(name: string): Promise<void> {
  const leader = await leaderPid(name);
  await machinectlTerminate(name);
  const until = Date.now() + TERMINATE_WAIT_MS;
  while (alive(leader)) {
    if (Date.now() > until) throw new HostError(`container ${name} was told to terminate but its init (PID ${leader}) is still running after ${TERMINATE_WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
