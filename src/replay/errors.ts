/**
 * The kernel's refusals: an errno and, where the kernel gives one, its
 * extended ack text. `ip` prints `Error: <extack>.` when there is one and
 * `RTNETLINK answers: <strerror>` otherwise; systemd prints strerror for %m.
 *
 * The extack texts are those of the kernel the differential tests ran on
 * (6.18): some are newer than 6.1 (an IPv4 address added twice is "Error:
 * ipv4: Address already assigned." here, "RTNETLINK answers: File exists" on
 * 6.1), and the README lists them.
 */
export const strerror = {
  EEXIST: "File exists",
  ENODEV: "No such device",
  EOPNOTSUPP: "Operation not supported",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ENETDOWN: "Network is down",
  ENETUNREACH: "Network is unreachable",
  EHOSTUNREACH: "No route to host",
  EINVAL: "Invalid argument",
  EBUSY: "Device or resource busy",
  ELOOP: "Too many levels of symbolic links",
  ENOENT: "No such file or directory",
  EPERM: "Operation not permitted",
} as const;

export type Errno = keyof typeof strerror;

export interface KernelError {
  errno: Errno;
  extack?: string;
  /** Who made the thing the request met (the link, address or route already there), when that is what the refusal is about. */
  by?: string;
}

export function kerr(errno: Errno, extack?: string, by?: string): KernelError {
  const e: KernelError = { errno };
  if (extack !== undefined) e.extack = extack;
  if (by !== undefined) e.by = by;
  return e;
}

/** The line `ip` prints for a refusal from the kernel. */
export const rtnetlinkMessage = (e: KernelError) => (e.extack !== undefined ? `Error: ${e.extack}.` : `RTNETLINK answers: ${strerror[e.errno]}`);
